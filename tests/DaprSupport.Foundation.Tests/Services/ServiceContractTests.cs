using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Client;
using DaprSupport.Foundation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>
/// What daprd and Kubernetes rely on from every service, checked with the service started in memory and no sidecar.
/// Follows the Dapr docs: developing-applications/building-blocks/pubsub/subscription-methods (programmatic
/// subscriptions on <c>/dapr/subscribe</c>), reference/api/actors_api (<c>/dapr/config</c>) and
/// operations/resiliency/health-checks/app-health (the app health endpoint daprd probes).
/// </summary>
public abstract class ServiceContractTests<TEntryPoint>(NoSidecarFactory<TEntryPoint> factory) : IClassFixture<NoSidecarFactory<TEntryPoint>>
    where TEntryPoint : class
{
    protected NoSidecarFactory<TEntryPoint> Factory { get; } = factory;

    /// <summary>
    /// The exact JSON array the service must answer on <c>GET /dapr/subscribe</c>, as the Dapr .NET SDK writes it:
    /// <c>pubsubName</c> (daprd decodes with Go's encoding/json, which matches the <c>pubsubname</c> field
    /// case-insensitively), <c>topic</c>, <c>route</c> relative to the app's base address (no leading slash) and
    /// <c>deadLetterTopic</c>.
    /// </summary>
    protected abstract string ExpectedSubscriptions { get; }

    /// <summary>The exact JSON the service must answer on <c>GET /dapr/config</c>; null for a service hosting no actors.</summary>
    protected virtual string? ExpectedActorConfig => null;

    /// <summary>Routes only the sidecar may call (with the app token, the other tests of the class reach them).</summary>
    protected virtual IReadOnlyList<(HttpMethod Method, string Path)> SidecarOnlyRoutes => [(HttpMethod.Get, "/dapr/subscribe"), (HttpMethod.Get, "/dapr/config")];

    [Fact]
    public async Task Sidecar_only_routes_without_the_app_token_answer_401_problem_json()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        foreach (var (method, path) in SidecarOnlyRoutes)
        {
            using var refused = await anonymous.SendAsync(Request(method, path));

            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized);
            Assert.Equal("unauthorized", problem.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Sidecar_only_routes_with_a_wrong_app_token_answer_401()
    {
        using var client = Factory.CreateAnonymousClient();
        foreach (var (method, path) in SidecarOnlyRoutes)
        {
            foreach (var wrong in new[] { Factory.AppToken + "x", Factory.AppToken[..^1], Factory.AppToken.ToUpperInvariant(), string.Empty })
            {
                using var request = Request(method, path);
                request.Headers.TryAddWithoutValidation("dapr-api-token", wrong);
                using var response = await client.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with token '{wrong}': {(int)response.StatusCode}");
            }
        }
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/metrics")]
    public async Task Probes_and_metrics_answer_without_the_app_token(string path)
    {
        using var client = Factory.CreateAnonymousClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Outside_development_the_service_refuses_to_start_without_an_app_token()
    {
        using var production = Factory.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("APP_API_TOKEN", string.Empty)
            .UseSetting("Tokens:SigningKeys:0:Id", "test")
            .UseSetting("Tokens:SigningKeys:0:Key", "YS10ZXN0LXNpZ25pbmcta2V5LW9mLTMyLWJ5dGVzLTAxMjM="));

        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("APP_API_TOKEN is required outside Development", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_development_logs_are_json_with_trace_and_span_ids()
    {
        using var production = Factory.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("APP_API_TOKEN", "a-test-app-token")
            .UseSetting("Tokens:SigningKeys:0:Id", "test")
            .UseSetting("Tokens:SigningKeys:0:Key", "YS10ZXN0LXNpZ25pbmcta2V5LW9mLTMyLWJ5dGVzLTAxMjM="));

        var console = production.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var tracking = production.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(production.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId), tracking.ToString());
        Assert.NotEqual(ConsoleFormatterNames.Json,
            Factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (method != HttpMethod.Get)
        {
            request.Content = JsonContent.Create(new { });
        }

        return request;
    }

    [Fact]
    public async Task Health_answers_200_without_a_sidecar()
    {
        using var response = await Factory.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Alive_answers_200_without_a_sidecar()
    {
        using var response = await Factory.CreateClient().GetAsync(new Uri("/alive", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_sidecar_really_is_absent()
    {
        var dapr = Factory.Services.GetRequiredService<DaprClient>();

        Assert.False(await dapr.CheckHealthAsync(), $"Something answers as a Dapr sidecar on {Factory.SidecarAddress}.");
    }

    [Fact]
    public async Task Metrics_are_served_as_Prometheus_text()
    {
        var client = Factory.CreateClient();
        using (await client.GetAsync(new Uri("/alive", UriKind.Relative)))
        {
        }

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        Assert.Contains("# TYPE http_requests_received_total counter", body, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"/alive\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_leave_out_the_runtimes_private_meters()
    {
        // The runtime's MsQuic meter is named Private.InternalDiagnostics.System.Net.Quic.MsQuic; one of that prefix
        // stands in for it here, with an exported one beside it so the scrape is known to include meters at all.
        // prometheus-net starts its meter adapter at the first scrape, and it sees only measurements made after that.
        var client = Factory.CreateClient();
        using (await client.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
        }

        var suffix = Guid.NewGuid().ToString("N");
        using var hidden = new Meter("Private.InternalDiagnostics.DaprSupport.Tests");
        using var shown = new Meter("DaprSupport.Tests.MeterExport");
        hidden.CreateCounter<long>("meter_export_hidden_" + suffix).Add(1);
        shown.CreateCounter<long>("meter_export_shown_" + suffix).Add(1);

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("meter_export_shown_" + suffix, body, StringComparison.Ordinal);
        Assert.DoesNotContain("meter_export_hidden_", body, StringComparison.Ordinal);
        Assert.DoesNotContain("private_internaldiagnostics", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_lists_exactly_the_expected_subscriptions()
    {
        using var response = await Factory.CreateClient().GetAsync(new Uri("/dapr/subscribe", UriKind.Relative));

        // The SDK writes the array without a Content-Type; daprd parses the body as JSON regardless.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Equal(ExpectedSubscriptions, await response.Content.ReadAsStringAsync(), $"GET /dapr/subscribe of {typeof(TEntryPoint).Assembly.GetName().Name}");
    }

    [Fact]
    public async Task Dapr_config_declares_the_hosted_actors_or_is_absent()
    {
        using var response = await Factory.CreateClient().GetAsync(new Uri("/dapr/config", UriKind.Relative));

        if (ExpectedActorConfig is null)
        {
            // daprd reads a 404 here as "this app hosts no actors".
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonAssert.Equal(ExpectedActorConfig, await response.Content.ReadAsStringAsync(), $"GET /dapr/config of {typeof(TEntryPoint).Assembly.GetName().Name}");
    }

    [Fact]
    public async Task Unknown_route_answers_problem_json_404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/no/such/route", UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Factory.CreateClient().SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_wrong_method_answers_problem_json_405_with_a_code()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri("/dapr/subscribe", UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Factory.CreateClient().SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("invalid_argument", problem.GetProperty("code").GetString());
    }
}
