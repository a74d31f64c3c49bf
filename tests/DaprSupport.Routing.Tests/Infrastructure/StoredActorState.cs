using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Actors;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// One actor type's state as the sessions sidecar stores it: read and written through the sidecar's actor state API,
/// and the app told to drop an instance (what the sidecar does to an idle actor; the next call activates a new one
/// that reads the store).
/// </summary>
public sealed class StoredActorState(RoutingSystemFixture fixture, string actorType) : IDisposable
{
    private readonly HttpClient _sidecar = SidecarTokens.HttpClient(fixture.SessionsSidecar);

    /// <summary>The state under <paramref name="key"/> (null: absent).</summary>
    public async Task<JsonElement?> GetAsync(ActorId id, string key)
    {
        using var response = await _sidecar.GetAsync(new Uri($"{StatePath(id)}/{key}", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> as an earlier release would have.</summary>
    public async Task PutAsync(ActorId id, string key, object value)
    {
        using var written = await _sidecar.PostAsJsonAsync(StatePath(id),
            new[] { new { operation = "upsert", request = new { key, value = JsonSerializer.SerializeToElement(value, RoutingApi.Json) } } },
            RoutingApi.Json);
        Assert.Equal(HttpStatusCode.NoContent, written.StatusCode);
    }

    /// <summary><c>DELETE /actors/{type}/{id}</c> on the app, which drops the instance.</summary>
    public async Task DeactivateAsync(ActorId id)
    {
        using var response = await fixture.Api.Http.DeleteAsync(new Uri($"/actors/{actorType}/{id.GetId()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose() => _sidecar.Dispose();

    /// <summary>The id as the .NET SDK sends it: daprd does not decode a percent-encoded ':' (emulator-fidelity.md).</summary>
    private string StatePath(ActorId id) => $"/v1.0/actors/{actorType}/{id.GetId()}/state";
}
