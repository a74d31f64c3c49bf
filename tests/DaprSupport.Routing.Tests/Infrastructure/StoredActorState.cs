using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Actors;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.State;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// One actor type's state as the sessions sidecar stores it: read through the sidecar's actor state API, written into
/// the actor state store itself under daprd's key (<c>{appId}||{type}||{id}||{key}</c>), as an earlier release left it
/// there (daprd 1.17 refuses a state transaction for an actor that is not active behind the sidecar), and the app told
/// to drop an instance (what the sidecar does to an idle actor; the next call activates a new one that reads the store).
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
    public Task PutAsync(ActorId id, string key, object value) => PutAsync(fixture.SessionsSidecar, actorType, id, key, value);

    /// <summary>
    /// Stores <paramref name="value"/> as an actor's state under <paramref name="key"/> in the actor state store of
    /// <paramref name="sidecar"/>'s app, as an earlier release of the app left it.
    /// </summary>
    public static async Task PutAsync(Sidecar sidecar, string actorType, ActorId id, string key, object value)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        ArgumentNullException.ThrowIfNull(id);
        var store = sidecar.Host.Components.FindActorStateStore(sidecar.AppId)
            ?? throw new InvalidOperationException($"{sidecar.AppId} has no actor state store.");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, RoutingApi.Json);
        await store.SetAsync(new StateSetRequest($"{sidecar.AppId}||{actorType}||{id.GetId()}||{key}", bytes), CancellationToken.None);
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
