using System.Net;
using DaprSupport.Gateway.Realtime.Transport;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="ConnectionQuotas"/>: per-principal and per-address caps on open connections, given back on close, and
/// the per-principal cursor-open rate; one caller's refusals never touch another's allowance.
/// </summary>
public sealed class ConnectionQuotasTests : IDisposable
{
    private static readonly IPAddress Home = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Office = IPAddress.Parse("198.51.100.1");
    private readonly ConnectionQuotas _quotas = new(Options.Create(new GatewayOptions
    {
        MaxConnectionsPerPrincipal = 2,
        MaxConnectionsPerAddress = 3,
        CursorOpenBurst = 2,
        CursorOpenPeriod = TimeSpan.FromHours(1),
    }));

    public void Dispose() => _quotas.Dispose();

    [Fact]
    public void A_principal_over_its_cap_is_resource_exhausted_and_others_are_not()
    {
        var ada = Principal("ada");
        using var first = Take(ada, Home);
        using var second = Take(ada, Office);

        var (lease, refusal) = _quotas.TryTake(ada, Home);

        Assert.Null(lease);
        Assert.Equal(ErrorCodes.ResourceExhausted, refusal!.Code);
        using var other = Take(Principal("bob"), Home);
    }

    [Fact]
    public void The_same_user_id_in_another_tenant_or_role_is_another_principal()
    {
        using var a = Take(Principal("ada"), Home);
        using var b = Take(Principal("ada"), Office);
        using var c = Take(Principal("ada") with { Tenant = "globex" }, Office);
        using var d = Take(Principal("ada") with { Role = "agent" }, Office);
    }

    [Fact]
    public void An_address_over_its_cap_is_refused_without_using_the_principals_allowance()
    {
        using var a = Take(Principal("a"), Home);
        using var b = Take(Principal("b"), Home);
        using var c = Take(Principal("c"), Home);

        var (lease, refusal) = _quotas.TryTake(Principal("d"), Home);

        Assert.Null(lease);
        Assert.Equal(ErrorCodes.ResourceExhausted, refusal!.Code);
        using var d1 = Take(Principal("d"), Office);
        using var d2 = Take(Principal("d"), Office);
    }

    [Fact]
    public void A_closed_connection_gives_its_slot_back_once()
    {
        var ada = Principal("ada");
        var first = Take(ada, Home);
        using var second = Take(ada, Home);
        first.Dispose();
        first.Dispose();

        using var third = Take(ada, Home);
        Assert.NotNull(_quotas.TryTake(ada, Home).Refusal);
    }

    [Fact]
    public void An_ipv4_mapped_address_counts_as_its_ipv4_address()
    {
        using var a = Take(Principal("a"), Home);
        using var b = Take(Principal("b"), Home.MapToIPv6());
        using var c = Take(Principal("c"), Home);

        Assert.NotNull(_quotas.TryTake(Principal("d"), Home.MapToIPv6()).Refusal);
    }

    [Fact]
    public void Cursor_opens_beyond_the_burst_are_rate_limited_with_a_retry_after()
    {
        var ada = Principal("ada");
        Assert.Null(_quotas.TryOpenCursor(ada));
        Assert.Null(_quotas.TryOpenCursor(ada));

        var refusal = _quotas.TryOpenCursor(ada);

        Assert.Equal(ErrorCodes.RateLimited, refusal!.Code);
        Assert.InRange(refusal.RetryAfterMs!.Value, 1, (long)TimeSpan.FromHours(1).TotalMilliseconds);
        Assert.Null(_quotas.TryOpenCursor(Principal("bob")));
    }

    private static SupportPrincipal Principal(string user) => new("acme", user, "visitor", null, [], null);

    private IDisposable Take(SupportPrincipal principal, IPAddress address)
    {
        var (lease, refusal) = _quotas.TryTake(principal, address);
        Assert.True(lease is not null, refusal?.Message);
        return lease;
    }
}
