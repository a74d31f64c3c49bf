using System.Net;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Realtime.Transport;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="Revocations"/> on the tenant directory's one change signal: a version that blocks an open connection's
/// visitor, address or tenant ends exactly that connection, as blocked (4403). Its expiry sweep ends exactly the
/// connections whose token has expired (4401).
/// </summary>
public sealed class RevocationsTests : IDisposable
{
    /// <summary>A token that outlives the test (the sweep's timer runs on the real clock meanwhile).</summary>
    private static readonly DateTimeOffset Valid = DateTimeOffset.MaxValue;

    private readonly TenantConfigCache _cache = FixedTenants.Cache();
    private readonly Revocations _revocations;

    public RevocationsTests()
    {
        var directory = FixedTenants.Directory(_cache);
        _revocations = new Revocations(new CallerAuthenticator(directory), directory, TimeProvider.System);
        _cache.Apply("acme", 1, Document(new BlockLists()));
        _cache.Apply("globex", 1, Document(new BlockLists()));
    }

    [Fact]
    public void A_blocked_visitor_is_revoked_and_nobody_else()
    {
        var blocked = new Ends();
        using var blockedWatch = _revocations.Open(Visitor("acme", "v_1"), IPAddress.Loopback, Valid, blocked.Close);
        var bystander = new Ends();
        using var bystanderWatch = _revocations.Open(Visitor("acme", "v_2"), IPAddress.Loopback, Valid, bystander.Close);
        var sameIdElsewhere = new Ends();
        using var sameIdElsewhereWatch = _revocations.Open(Visitor("globex", "v_1"), IPAddress.Loopback, Valid, sameIdElsewhere.Close);

        _cache.Apply("acme", 2, Document(new BlockLists { VisitorIds = ["v_1"] }));

        Assert.Equal([ConversationEnd.Blocked], blocked.Seen);
        Assert.Empty(bystander.Seen);
        Assert.Empty(sameIdElsewhere.Seen);
    }

    [Fact]
    public void A_blocked_address_range_revokes_the_connections_from_it()
    {
        var inside = new Ends();
        using var insideWatch = _revocations.Open(Visitor("acme", "v_1"), IPAddress.Parse("198.51.100.7"), Valid, inside.Close);
        var outside = new Ends();
        using var outsideWatch = _revocations.Open(Visitor("acme", "v_2"), IPAddress.Parse("203.0.113.9"), Valid, outside.Close);

        _cache.Apply("acme", 2, Document(new BlockLists { Ips = ["198.51.100.0/24"] }));

        Assert.Equal([ConversationEnd.Blocked], inside.Seen);
        Assert.Empty(outside.Seen);
    }

    [Fact]
    public void A_disabled_tenant_revokes_all_its_connections()
    {
        var first = new Ends();
        using var firstWatch = _revocations.Open(Visitor("acme", "v_1"), IPAddress.Loopback, Valid, first.Close);
        var second = new Ends();
        using var secondWatch = _revocations.Open(Visitor("acme", "v_2"), IPAddress.Loopback, Valid, second.Close);

        _cache.Apply("acme", 2, Document(new BlockLists()) with
        {
            Tenant = new TenantSection { DisplayName = "Acme", Enabled = false },
        });

        Assert.Equal([ConversationEnd.Blocked], first.Seen);
        Assert.Equal([ConversationEnd.Blocked], second.Seen);
    }

    [Fact]
    public void A_closed_connection_is_no_longer_watched()
    {
        var closed = new Ends();
        _revocations.Open(Visitor("acme", "v_1"), IPAddress.Loopback, Valid, closed.Close).Dispose();

        _cache.Apply("acme", 2, Document(new BlockLists { VisitorIds = ["v_1"] }));

        Assert.Empty(closed.Seen);
    }

    public void Dispose() => _revocations.Dispose();

    /// <summary>The ends a watch asked its conversation for.</summary>
    [Fact]
    public void The_expiry_sweep_ends_exactly_the_connections_whose_token_expired()
    {
        var now = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var expired = new Ends();
        using var expiredWatch = _revocations.Open(Visitor("acme", "v_1"), IPAddress.Loopback, now, expired.Close);
        var valid = new Ends();
        using var validWatch = _revocations.Open(
            Visitor("globex", "v_2"), IPAddress.Loopback, now.AddMilliseconds(1), valid.Close);
        var gone = new Ends();
        _revocations.Open(Visitor("acme", "v_3"), IPAddress.Loopback, now.AddHours(-1), gone.Close).Dispose();

        _revocations.Expire(now);

        Assert.Equal([ConversationEnd.TokenExpired], expired.Seen);
        Assert.Empty(valid.Seen);
        Assert.Empty(gone.Seen);
    }

    [Fact]
    public async Task The_sweep_runs_on_its_own_once_a_second()
    {
        var expired = new Ends();
        using var watch = _revocations.Open(
            Visitor("acme", "v_1"), IPAddress.Loopback, DateTimeOffset.UtcNow, expired.Close);

        Assert.Equal(ConversationEnd.TokenExpired, await expired.First.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class Ends
    {
        public List<ConversationEnd> Seen { get; } = [];

        public TaskCompletionSource<ConversationEnd> First { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Close(ConversationEnd end)
        {
            lock (Seen)
            {
                Seen.Add(end);
            }

            First.TrySetResult(end);
        }
    }

    private static SupportPrincipal Visitor(string tenant, string id) => new(tenant, id, "visitor", "Vera", [], null);

    private static TenantConfigDocument Document(BlockLists blocks) => new()
    {
        Tenant = new TenantSection { DisplayName = "Acme" },
        Blocks = blocks,
    };
}
