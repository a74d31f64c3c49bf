using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.Resiliency;

/// <summary>Follows operations/resiliency/resiliency-overview and operations/resiliency/policies (timeouts, retries, circuit breakers).</summary>
public sealed class InvocationResiliencyTests
{
    private const string Policies = """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: invoke
        spec:
          policies:
            timeouts:
              quick: 150ms
            retries:
              three:
                policy: exponential
                initialInterval: 10ms
                maxInterval: 50ms
                maxRetries: 3
            circuitBreakers:
              fragile:
                maxRequests: 1
                timeout: 30s
                trip: consecutiveFailures >= 2
          targets:
            apps:
              flaky:
                retry: three
              slow:
                timeout: quick
              broken:
                circuitBreaker: fragile
        """;

    [Fact]
    public async Task Retry_policy_hides_two_failures_from_the_caller()
    {
        await using var harness = await EmulatorHarness.StartAsync(Policies);
        var calls = 0;
        await harness.AddAppAsync("flaky", web => web.MapGet("/op", () => Interlocked.Increment(ref calls) <= 2 ? Results.StatusCode(503) : Results.Ok("done")));
        var caller = await harness.AddClientAsync("caller");

        using var response = await caller.SidecarHttp.GetAsync(new Uri("/v1.0/invoke/flaky/method/op", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Timeout_policy_cuts_a_slow_call_short()
    {
        await using var harness = await EmulatorHarness.StartAsync(Policies);
        await harness.AddAppAsync("slow", web => web.MapGet("/op", async (HttpContext c) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, c.RequestAborted);
            return Results.Ok();
        }));
        var caller = await harness.AddClientAsync("caller");

        using var response = await caller.SidecarHttp.GetAsync(new Uri("/v1.0/invoke/slow/method/op", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ERR_DIRECT_INVOKE", json.GetProperty("errorCode").GetString());
        Assert.Contains("deadline exceeded", json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Circuit_breaker_opens_after_consecutive_failures_and_stops_calling_the_app()
    {
        await using var harness = await EmulatorHarness.StartAsync(Policies);
        var calls = 0;
        await harness.AddAppAsync("broken", web => web.MapGet("/op", () => { Interlocked.Increment(ref calls); return Results.StatusCode(500); }));
        var caller = await harness.AddClientAsync("caller");

        for (var i = 0; i < 2; i++)
        {
            using var failing = await caller.SidecarHttp.GetAsync(new Uri("/v1.0/invoke/broken/method/op", UriKind.Relative));
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        }

        using var refused = await caller.SidecarHttp.GetAsync(new Uri("/v1.0/invoke/broken/method/op", UriKind.Relative));
        var json = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ERR_DIRECT_INVOKE", json.GetProperty("errorCode").GetString());
        Assert.Contains("circuit breaker is open", json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, calls);
    }
}
