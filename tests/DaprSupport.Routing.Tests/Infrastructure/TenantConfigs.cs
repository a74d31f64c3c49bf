using System.Text.Json;
using System.Text.Json.Nodes;
using Dapr.Actors.Client;
using DaprSupport.Configuration.Actors;
using DaprSupport.Configuration.Cache;
using DaprSupport.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// Writes tenant configuration versions on the configuration actor (as the admin API does) and waits until the sessions
/// service's cache has applied them (its change event), so a test's next routing decision sees them.
/// </summary>
public sealed class TenantConfigs(RoutingSystemFixture system)
{
    private readonly TenantConfigClient _client = new(new ActorProxyFactory(ActorHostExtensions.ProxyOptions(
        system.SessionsSidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"], system.SessionsSidecar.Options.DaprApiToken)));

    /// <summary>A document with these skill groups (each a JSON object; unset fields take the document's defaults).</summary>
    public static JsonObject Document(params JsonObject[] groups) => new()
    {
        ["tenant"] = new JsonObject { ["displayName"] = "Routing tests" },
        ["skillGroups"] = new JsonArray([.. groups]),
    };

    /// <summary>Writes the next version of the tenant's document; returns once the sessions replica applied it.</summary>
    public async Task<long> WriteAsync(string tenant, JsonObject document)
    {
        var cache = system.SessionsServices.GetRequiredService<TenantConfigCache>();
        var expected = long.MaxValue;
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(TenantConfigSnapshot s)
        {
            if (s.Signed.Tenant == tenant && s.Version >= Interlocked.Read(ref expected))
            {
                applied.TrySetResult();
            }
        }

        cache.Changed += OnChanged;
        try
        {
            var actor = _client.Tenant(tenant);
            var current = (await actor.GetAsync()).Current;
            var result = await actor.WriteAsync(new ConfigWrite(
                current?.Version ?? 0, JsonDocument.Parse(document.ToJsonString()).RootElement.Clone(), "routing-tests"));
            Assert.True(result.Outcome == ConfigWriteOutcome.Written,
                $"{result.Outcome}: {string.Join("; ", result.Errors.Select(e => $"{e.Pointer} {e.Message}"))}");
            var version = result.Current!.Version;
            Interlocked.Exchange(ref expected, version);
            if (cache.VersionOf(tenant) < version)
            {
                await applied.Task.WaitAsync(TimeSpan.FromSeconds(15));
            }

            return version;
        }
        finally
        {
            cache.Changed -= OnChanged;
        }
    }
}
