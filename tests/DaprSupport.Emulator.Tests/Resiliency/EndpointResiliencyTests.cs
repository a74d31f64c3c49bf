using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Resiliency;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.Resiliency;

/// <summary>
/// App-target resiliency as dapr/dapr v1.17.0 codes it: pkg/api/http/directmessaging.go (answers outside 200–399 are a
/// CodeError, retried with the request replayed), pkg/resiliency/retry.go (<c>matching</c>, <c>mustRetryStatusCode</c>),
/// pkg/resiliency/policy.go (the breaker sees every attempt before the retry filter) and pkg/resiliency/resiliency.go
/// (<c>EndpointPolicy</c>: one breaker per <c>app:method</c> in an LRU of <c>circuitBreakerCacheSize</c>).
/// </summary>
public sealed class EndpointResiliencyTests
{
    private const string Policies = """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: endpoints
        spec:
          policies:
            timeouts:
              quick: 1s
            retries:
              everything:
                policy: constant
                duration: 10ms
                maxRetries: 3
              narrow:
                policy: constant
                duration: 10ms
                maxRetries: 3
                matching:
                  httpStatusCodes: "429,502-504"
            circuitBreakers:
              twice:
                maxRequests: 1
                timeout: 30s
                trip: consecutiveFailures >= 2
          targets:
            apps:
              plain:
                retry: everything
              matched:
                retry: narrow
                circuitBreaker: twice
              tiny:
                circuitBreaker: twice
                circuitBreakerCacheSize: 1
              slow:
                timeout: quick
                retry: narrow
        """;

    [Fact]
    public async Task Without_matching_every_non_2xx_3xx_answer_is_retried_404_included()
    {
        await using var harness = await EmulatorHarness.StartAsync(Policies);
        var calls = 0;
        await harness.AddAppAsync("plain", web => web.MapPost("/op", () => { Interlocked.Increment(ref calls); return Results.NotFound(); }));
        var caller = await harness.AddClientAsync("caller");

        using var response = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/plain/method/op", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task Matching_retries_only_the_listed_statuses()
    {
        await using var harness = await EmulatorHarness.StartAsync(Policies);
        var refused = 0;
        var busy = 0;
        await harness.AddAppAsync("matched", web =>
        {
            web.MapPost("/refuse", () => { Interlocked.Increment(ref refused); return Results.Conflict(); });
            web.MapPost("/busy", () => Interlocked.Increment(ref busy) == 1 ? Results.StatusCode(503) : Results.Ok("done"));
        });
        var caller = await harness.AddClientAsync("caller");

        using var conflict = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/matched/method/refuse", UriKind.Relative), null);
        using var recovered = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/matched/method/busy", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(1, refused);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(2, busy);
    }

    [Fact]
    public async Task The_breaker_counts_answers_the_retry_does_not_replay_and_is_per_endpoint()
    {
        await using var harness = await EmulatorHarness.StartAsync(Policies);
        var refused = 0;
        await harness.AddAppAsync("matched", web =>
        {
            web.MapPost("/refuse/{id}", () => { Interlocked.Increment(ref refused); return Results.NotFound(); });
            web.MapPost("/fine", () => Results.Ok("ok"));
        });
        var caller = await harness.AddClientAsync("caller");

        for (var i = 0; i < 2; i++)
        {
            using var notFound = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/matched/method/refuse/1", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        }

        using var open = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/matched/method/refuse/1", UriKind.Relative), null);
        using var otherId = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/matched/method/refuse/2", UriKind.Relative), null);
        using var otherMethod = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/matched/method/fine", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.InternalServerError, open.StatusCode);
        Assert.Contains("circuit breaker is open", (await open.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherId.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherMethod.StatusCode);
        Assert.Equal(3, refused);
    }

    [Fact]
    public async Task An_endpoint_pushed_out_of_the_breaker_cache_starts_closed_again()
    {
        await using var harness = await EmulatorHarness.StartAsync(Policies);
        var calls = 0;
        await harness.AddAppAsync("tiny", web =>
        {
            web.MapPost("/a", () => { Interlocked.Increment(ref calls); return Results.StatusCode(500); });
            web.MapPost("/b", () => Results.Ok("ok"));
        });
        var caller = await harness.AddClientAsync("caller");
        for (var i = 0; i < 2; i++)
        {
            using var failing = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/tiny/method/a", UriKind.Relative), null);
        }

        using var refused = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/tiny/method/a", UriKind.Relative), null);
        using var evicts = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/tiny/method/b", UriKind.Relative), null);
        using var fresh = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/tiny/method/a", UriKind.Relative), null);

        Assert.Contains("circuit breaker is open", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, evicts.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, fresh.StatusCode);
        Assert.DoesNotContain("circuit breaker", await fresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_with_the_body_replayed_while_the_first_keeps_running()
    {
        await using var harness = await EmulatorHarness.StartAsync(Policies);
        var bodies = new List<string>();
        var firstFinished = new TaskCompletionSource();
        var attempts = 0;
        await harness.AddAppAsync("slow", web => web.MapPost("/op", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (bodies)
            {
                bodies.Add(body);
            }

            if (Interlocked.Increment(ref attempts) == 1)
            {
                // The app ignores the abandoned call, as ours do: the first attempt still completes.
                await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
                firstFinished.TrySetResult();
            }

            return Results.Ok("done");
        }));
        var caller = await harness.AddClientAsync("caller");

        using var response = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/slow/method/op", UriKind.Relative), new StringContent("payload-1"));
        await firstFinished.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(bodies.Count >= 2, $"{bodies.Count} attempt(s)");
        Assert.All(bodies, body => Assert.Equal("payload-1", body));
    }

    [Theory]
    [InlineData("600")]
    [InlineData("500-400")]
    [InlineData("1-2-3")]
    [InlineData("x")]
    public async Task A_bad_matching_pattern_is_refused_at_load(string pattern)
    {
        var yaml = $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Resiliency
            metadata:
              name: bad
            spec:
              policies:
                retries:
                  r:
                    maxRetries: 1
                    matching:
                      httpStatusCodes: "{{pattern}}"
              targets:
                apps:
                  a:
                    retry: r
            """;

        await Assert.ThrowsAsync<EmulatorConfigurationException>(() => EmulatorHarness.StartAsync(yaml));
    }

    [Theory]
    [InlineData(404, null, true)]
    [InlineData(404, "429,502-504", false)]
    [InlineData(503, "429,502-504", true)]
    [InlineData(14, null, false)]
    [InlineData(2, null, true)]
    [InlineData(700, null, false)]
    public void NeedsRetry_reads_0_to_16_as_gRPC_and_100_to_599_as_HTTP(int status, string? http, bool expected)
    {
        var retry = new RetrySpec("r", false, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 1,
            StatusCodeSet.Parse(http, StatusCodeSet.HttpMin, StatusCodeSet.HttpMax), StatusCodeSet.Parse("1-2", StatusCodeSet.GrpcMin, StatusCodeSet.GrpcMax));

        Assert.Equal(expected, retry.NeedsRetry(status));
    }
}
