using System.Text.Json;
using System.Text.Json.Nodes;
using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Configuration.Actors;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Routing.Tests.Hours;

/// <summary>
/// Writes a tenant's configuration document on its configuration actor (as the admin API does) and waits until the
/// sessions service's cache has applied that version (its Changed event, not a sleep).
/// </summary>
internal sealed class TenantDocuments(RoutingSystemFixture system)
{
    private readonly IActorProxyFactory _actors = new ActorProxyFactory(ActorHostExtensions.ProxyOptions(
        system.SessionsSidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"], system.SessionsSidecar.Options.DaprApiToken));

    public async Task<long> WriteAsync(string tenant, JsonObject document)
    {
        var cache = system.SessionsServices.GetRequiredService<TenantConfigCache>();
        var actor = _actors.CreateActorProxy<ITenantConfigActor>(new ActorId(tenant), ActorTypes.TenantConfig);
        var current = (await actor.GetAsync()).Current?.Version ?? 0;
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(TenantConfigSnapshot s)
        {
            if (s.Signed.Tenant == tenant && s.Version > current)
            {
                applied.TrySetResult();
            }
        }

        cache.Changed += OnChanged;
        try
        {
            var result = await actor.WriteAsync(new ConfigWrite(
                current, JsonDocument.Parse(document.ToJsonString()).RootElement.Clone(), "routing-tests"));
            Assert.Equal(ConfigWriteOutcome.Written, result.Outcome);
            if (cache.VersionOf(tenant) <= current)
            {
                await applied.Task.WaitAsync(TimeSpan.FromSeconds(15));
            }

            return result.Current!.Version;
        }
        finally
        {
            cache.Changed -= OnChanged;
        }
    }

    /// <summary>A minimal document with the given sections.</summary>
    public static JsonObject Document(JsonObject? businessHours = null, JsonObject? housekeeping = null)
    {
        var document = new JsonObject { ["tenant"] = new JsonObject { ["displayName"] = "Hours tests" } };
        if (businessHours is not null)
        {
            document["businessHours"] = businessHours;
        }

        if (housekeeping is not null)
        {
            document["housekeeping"] = housekeeping;
        }

        return document;
    }
}
