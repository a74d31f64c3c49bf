using System.Net;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Realtime.Transport;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="Revocations"/> on the tenant directory's one change signal: a version that blocks an open connection's
/// visitor, address or tenant revokes exactly that connection.
/// </summary>
public sealed class RevocationsTests : IDisposable
{
    private readonly TenantConfigCache _cache = FixedTenants.Cache();
    private readonly Revocations _revocations;

    public RevocationsTests()
    {
        var directory = FixedTenants.Directory(_cache);
        _revocations = new Revocations(new CallerAuthenticator(directory), directory);
        _cache.Apply("acme", 1, Document(new BlockLists()));
        _cache.Apply("globex", 1, Document(new BlockLists()));
    }

    [Fact]
    public void A_blocked_visitor_is_revoked_and_nobody_else()
    {
        using var blocked = _revocations.Open(Visitor("acme", "v_1"), IPAddress.Loopback);
        using var bystander = _revocations.Open(Visitor("acme", "v_2"), IPAddress.Loopback);
        using var sameIdElsewhere = _revocations.Open(Visitor("globex", "v_1"), IPAddress.Loopback);

        _cache.Apply("acme", 2, Document(new BlockLists { VisitorIds = ["v_1"] }));

        Assert.True(blocked.Revoked.IsCancellationRequested);
        Assert.False(bystander.Revoked.IsCancellationRequested);
        Assert.False(sameIdElsewhere.Revoked.IsCancellationRequested);
    }

    [Fact]
    public void A_blocked_address_range_revokes_the_connections_from_it()
    {
        using var inside = _revocations.Open(Visitor("acme", "v_1"), IPAddress.Parse("198.51.100.7"));
        using var outside = _revocations.Open(Visitor("acme", "v_2"), IPAddress.Parse("203.0.113.9"));

        _cache.Apply("acme", 2, Document(new BlockLists { Ips = ["198.51.100.0/24"] }));

        Assert.True(inside.Revoked.IsCancellationRequested);
        Assert.False(outside.Revoked.IsCancellationRequested);
    }

    [Fact]
    public void A_disabled_tenant_revokes_all_its_connections()
    {
        using var first = _revocations.Open(Visitor("acme", "v_1"), IPAddress.Loopback);
        using var second = _revocations.Open(Visitor("acme", "v_2"), IPAddress.Loopback);

        _cache.Apply("acme", 2, Document(new BlockLists()) with
        {
            Tenant = new TenantSection { DisplayName = "Acme", Enabled = false },
        });

        Assert.True(first.Revoked.IsCancellationRequested);
        Assert.True(second.Revoked.IsCancellationRequested);
    }

    public void Dispose() => _revocations.Dispose();

    private static SupportPrincipal Visitor(string tenant, string id) => new(tenant, id, "visitor", "Vera", [], null);

    private static TenantConfigDocument Document(BlockLists blocks) => new()
    {
        Tenant = new TenantSection { DisplayName = "Acme" },
        Blocks = blocks,
    };
}
