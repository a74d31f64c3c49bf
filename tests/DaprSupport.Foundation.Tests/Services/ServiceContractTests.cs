using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Client;
using DaprSupport.Foundation.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
