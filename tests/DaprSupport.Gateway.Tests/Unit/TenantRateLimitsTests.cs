using DaprSupport.Contracts;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="TenantRateLimits"/>: bucket sizes from the tenant's configuration document (else the Gateway defaults),
/// and a new version applies to the next frame.
/// </summary>
public sealed class TenantRateLimitsTests : IDisposable
{
    private readonly TenantConfigCache _cache = FixedTenants.Cache();
    private readonly TenantRateLimits _limits;

    public TenantRateLimitsTests() =>
        _limits = new TenantRateLimits(
            Options.Create(new GatewayOptions { ConnectionBurst = 3, ConnectionPerSecond = 1 }),
            FixedTenants.Directory(_cache));

    [Fact]
    public void Without_a_document_the_gateway_defaults_apply()
    {
        var connection = new TenantRateLimits.ConnectionBucket();

        Assert.Equal(3, Passed(connection, "acme", 10));
    }

    [Fact]
    public void The_documents_connection_burst_applies()
    {
        _cache.Apply("acme", 1, Document(new RateLimits { ConnectionBurst = 5, ConnectionPerSecond = 1 }));
        var connection = new TenantRateLimits.ConnectionBucket();

        Assert.Equal(5, Passed(connection, "acme", 10));
    }

    [Fact]
    public void A_new_version_resizes_an_open_connections_bucket_at_its_next_frame()
    {
        var connection = new TenantRateLimits.ConnectionBucket();
        Assert.Equal(3, Passed(connection, "acme", 10));

        _cache.Apply("acme", 1, Document(new RateLimits { ConnectionBurst = 6, ConnectionPerSecond = 1 }));

        Assert.Equal(6, Passed(connection, "acme", 10));
    }

    [Fact]
    public async Task A_drained_connection_bucket_passes_again_after_the_retry_after_it_gave()
    {
        var connection = new TenantRateLimits.ConnectionBucket();
        Assert.Equal(3, Passed(connection, "acme", 10));
        Assert.False(_limits.TryAcquire(connection, "acme", Roles.Visitor, out var retryAfter));

        // The bucket has no timer: the frame after the wait refills it for the time gone by (1 token per second).
        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(50));

        Assert.Equal(1, Passed(connection, "acme", 3));
    }

    [Fact]
    public void The_documents_tenant_bucket_is_shared_by_the_tenants_connections()
    {
        _cache.Apply("acme", 1, Document(new RateLimits { TenantBurst = 4, TenantPerSecond = 1 }));
        var first = new TenantRateLimits.ConnectionBucket();
        var second = new TenantRateLimits.ConnectionBucket();
        var other = new TenantRateLimits.ConnectionBucket();

        var passed = Passed(first, "acme", 3) + Passed(second, "acme", 3);

        Assert.Equal(4, passed);
        Assert.False(_limits.TryAcquire(second, "acme", Roles.Visitor, out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);
        Assert.Equal(3, Passed(other, "globex", 10));
    }

    [Fact]
    public void A_frame_costing_several_tokens_takes_them_all_and_one_costing_more_than_the_bucket_takes_it_whole()
    {
        _cache.Apply("acme", 1, Document(new RateLimits { ConnectionBurst = 5, ConnectionPerSecond = 1 }));
        var connection = new TenantRateLimits.ConnectionBucket();
        var whole = new TenantRateLimits.ConnectionBucket();

        Assert.True(_limits.TryAcquire(connection, "acme", Roles.Visitor, out _, tokens: 3));
        Assert.False(_limits.TryAcquire(connection, "acme", Roles.Visitor, out _, tokens: 3));
        Assert.Equal(2, Passed(connection, "acme", 5));
        Assert.True(_limits.TryAcquire(whole, "acme", Roles.Visitor, out _, tokens: 10));
        Assert.False(_limits.TryAcquire(whole, "acme", Roles.Visitor, out _));
    }

    [Fact]
    public void A_tenants_visitors_and_its_staff_have_buckets_of_their_own()
    {
        _cache.Apply("acme", 1, Document(new RateLimits { TenantBurst = 4, TenantPerSecond = 1 }));

        var visitors = Passed(new(), "acme", 3) + Passed(new(), "acme", 3);
        var agent = Passed(new(), "acme", 3, Roles.Agent);
        var supervisor = Passed(new(), "acme", 3, Roles.Supervisor);

        Assert.Equal((4, 3, 1), (visitors, agent, supervisor));
    }

    public void Dispose() => _limits.Dispose();

    private int Passed(TenantRateLimits.ConnectionBucket connection, string tenant, int frames, string role = Roles.Visitor) =>
        Enumerable.Range(0, frames).Count(i => _limits.TryAcquire(connection, tenant, role, out var unused));

    private static TenantConfigDocument Document(RateLimits limits) => new()
    {
        Tenant = new TenantSection { DisplayName = "Acme" },
        RateLimits = limits,
    };
}
