using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests;

/// <summary>Follows the Dapr API reference: reference/api/metadata_api and reference/api/health_api.</summary>
public sealed class MetadataApiTests
{
    private const string InMemoryStore = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: store
        spec:
          type: state.in-memory
          version: v1
        scopes: [ caller ]
        """;

    [Fact]
    public async Task Grpc_metadata_reports_app_id_and_components_through_the_real_sdk()
    {
        await using var harness = await EmulatorHarness.StartAsync(InMemoryStore);
        var caller = await harness.AddClientAsync("caller");

        var metadata = await caller.Client.GetMetadataAsync();

        Assert.Equal("caller", metadata.Id);
        var component = Assert.Single(metadata.Components);
        Assert.Equal("store", component.Name);
        Assert.Equal("state.in-memory", component.Type);
    }

    [Fact]
    public async Task Components_are_hidden_from_apps_outside_their_scopes()
    {
        await using var harness = await EmulatorHarness.StartAsync(InMemoryStore);
        var other = await harness.AddClientAsync("other");

        var metadata = await other.Client.GetMetadataAsync();

        Assert.Empty(metadata.Components);
    }

    [Fact]
    public async Task Http_health_answers_204_and_metadata_is_json()
    {
        await using var harness = await EmulatorHarness.StartAsync(InMemoryStore);
        var caller = await harness.AddClientAsync("caller");

        using var health = await caller.SidecarHttp.GetAsync(new Uri("/v1.0/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, health.StatusCode);
        Assert.True(await caller.Client.CheckHealthAsync());

        var json = await caller.SidecarHttp.GetFromJsonAsync<JsonElement>(new Uri("/v1.0/metadata", UriKind.Relative));
        Assert.Equal("caller", json.GetProperty("id").GetString());
        Assert.Equal("store", json.GetProperty("components")[0].GetProperty("name").GetString());
    }
}
