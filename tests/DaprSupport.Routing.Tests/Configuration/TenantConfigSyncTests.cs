using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Configuration.Actors;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Signing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Configuration;

/// <summary>The periodic check: one catalog call, then a read of exactly the tenants this replica is behind on.</summary>
public sealed class TenantConfigSyncTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_check_reads_only_tenants_whose_catalog_version_is_newer_and_applies_them()
    {
        var signer = TestSigning.Signer();
        var cache = new TenantConfigCache(signer, NullLogger<TenantConfigCache>.Instance);
        var document = ConfigSamples.Json(ConfigSamples.Valid);
        cache.TryApply(signer.Sign("current", 3, document, At, "a"), "test");
        cache.TryApply(signer.Sign("behind", 1, document, At, "a"), "test");
        var actors = new FakeActors(new Dictionary<string, long> { ["current"] = 3, ["behind"] = 2, ["new"] = 1 })
        {
            Stored =
            {
                ["current"] = signer.Sign("current", 3, document, At, "a"),
                ["behind"] = signer.Sign("behind", 2, document, At, "a"),
                ["new"] = signer.Sign("new", 1, document, At, "a"),
            },
        };
        var sync = new TenantConfigSync(new TenantConfigClient(actors), cache, Options.Create(new TenantConfigOptions()), TimeProvider.System, NullLogger<TenantConfigSync>.Instance);

        var applied = await sync.RefreshAsync(CancellationToken.None);

        Assert.Equal(2, applied);
        Assert.Equal(["behind", "new"], actors.Read.Order(StringComparer.Ordinal));
        Assert.Equal(2, cache.VersionOf("behind"));
        Assert.Equal(1, cache.VersionOf("new"));
        Assert.Equal(3, cache.VersionOf("current"));
    }

    private sealed class FakeActors(Dictionary<string, long> versions) : IActorProxyFactory
    {
        public Dictionary<string, SignedTenantConfig> Stored { get; } = new(StringComparer.Ordinal);

        public List<string> Read { get; } = [];

        public TActorInterface CreateActorProxy<TActorInterface>(ActorId actorId, string actorType, ActorProxyOptions? options = null)
            where TActorInterface : IActor =>
            typeof(TActorInterface) == typeof(ITenantCatalogActor)
                ? (TActorInterface)(object)new Catalog(versions)
                : (TActorInterface)(object)new Tenant(this, actorId.GetId());

        public object CreateActorProxy(ActorId actorId, Type actorInterfaceType, string actorType, ActorProxyOptions? options = null) =>
            throw new NotSupportedException();

        public ActorProxy Create(ActorId actorId, string actorType, ActorProxyOptions? options = null) => throw new NotSupportedException();

        private sealed class Catalog(Dictionary<string, long> versions) : ITenantCatalogActor
        {
            public Task RecordAsync(CatalogEntry entry) => throw new NotSupportedException();

            public Task<Dictionary<string, long>> GetVersionsAsync() => Task.FromResult(versions);
        }

        private sealed class Tenant(FakeActors owner, string id) : ITenantConfigActor
        {
            public Task<ConfigRead> GetAsync()
            {
                owner.Read.Add(id);
                return Task.FromResult(new ConfigRead(owner.Stored[id]));
            }

            public Task<ConfigWriteResult> WriteAsync(ConfigWrite write) => throw new NotSupportedException();

            public Task<IReadOnlyList<ConfigAuditEntry>> GetHistoryAsync() => throw new NotSupportedException();
        }
    }
}
