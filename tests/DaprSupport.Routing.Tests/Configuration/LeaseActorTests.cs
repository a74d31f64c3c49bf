using System.Diagnostics;
using System.Text.Json;
using Dapr.Actors.Client;
using DaprSupport.Configuration.Leases;
using DaprSupport.Contracts;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.ServiceDefaults;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.Configuration;

/// <summary>
/// Lease locks through the real sessions app (which hosts <see cref="LeaseActor"/>), its emulator sidecar and the
/// actor state on a real etcd: the issue's item 5.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class LeaseActorTests(RoutingSystemFixture system)
{
    private readonly ActorLeaseLock _locks = new(new ActorProxyFactory(ActorHostExtensions.ProxyOptions(
        system.SessionsSidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"], system.SessionsSidecar.Options.DaprApiToken)));

    private static string Resource() => "test-lease-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Of_fifty_concurrent_acquirers_exactly_one_holds_the_lease()
    {
        var resource = Resource();

        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => _locks.TryAcquireAsync(resource, $"owner-{i}", TimeSpan.FromMinutes(1))));

        var winner = Assert.Single(results, r => r.Holds);
        Assert.Equal(1, winner.Token);
        Assert.All(results.Where(r => !r.Holds), r =>
        {
            Assert.Equal(LeaseOutcome.Held, r.Outcome);
            Assert.Equal(winner.Holder, r.Holder);
        });
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_with_a_higher_fencing_token_and_the_old_grant_is_dead()
    {
        var resource = Resource();
        // A TTL long enough that the second acquire lands inside it even on a loaded 2-core box (it took over 500 ms
        // there), short enough to expire within the wait below.
        var first = await _locks.TryAcquireAsync(resource, "a", TimeSpan.FromSeconds(3));
        var refused = await _locks.TryAcquireAsync(resource, "b", TimeSpan.FromSeconds(30));

        var taken = await Eventually.Until(() => _locks.TryAcquireAsync(resource, "b", TimeSpan.FromSeconds(30)), r => r.Holds, 20, "b to take the expired lease");
        var renewOld = await _locks.RenewAsync(resource, "a", first.Token, TimeSpan.FromSeconds(30));
        var releaseOld = await _locks.ReleaseAsync(resource, "a", first.Token);

        Assert.True(first.Holds);
        Assert.Equal(LeaseOutcome.Held, refused.Outcome);
        Assert.Equal(first.Token + 1, taken.Token);
        Assert.Equal(LeaseOutcome.NotOwner, renewOld.Outcome);
        Assert.Equal(LeaseOutcome.NotOwner, releaseOld.Outcome);
    }

    [Fact]
    public async Task Release_by_a_non_owner_is_refused_and_the_owner_keeps_the_lease()
    {
        var resource = Resource();
        var held = await _locks.TryAcquireAsync(resource, "a", TimeSpan.FromMinutes(1));

        var byOther = await _locks.ReleaseAsync(resource, "b", held.Token);
        var stillHeld = await _locks.TryAcquireAsync(resource, "b", TimeSpan.FromMinutes(1));
        var byOwner = await _locks.ReleaseAsync(resource, "a", held.Token);
        var next = await _locks.TryAcquireAsync(resource, "b", TimeSpan.FromMinutes(1));

        Assert.Equal(LeaseOutcome.NotOwner, byOther.Outcome);
        Assert.Equal(LeaseOutcome.Held, stillHeld.Outcome);
        Assert.Equal("a", stillHeld.Holder);
        Assert.Equal(LeaseOutcome.Released, byOwner.Outcome);
        Assert.Equal(LeaseOutcome.Granted, next.Outcome);
        Assert.Equal(held.Token + 1, next.Token);
    }

    [Fact]
    public async Task The_fencing_token_survives_in_the_actor_store_across_grants()
    {
        var resource = Resource();
        var tokens = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var grant = await _locks.TryAcquireAsync(resource, $"owner-{i}", TimeSpan.FromMinutes(1));
            tokens.Add(grant.Token);
            await _locks.ReleaseAsync(resource, $"owner-{i}", grant.Token);
        }

        Assert.Equal([1L, 2L, 3L], tokens);
    }

    /// <summary>
    /// A separate OS process (bash + curl on the Dapr actor HTTP API, no remoting) acquires the lease and renews it;
    /// it is killed mid-lease, and another owner acquires once the lease expires.
    /// </summary>
    [Fact]
    public async Task When_the_holders_process_is_killed_mid_lease_another_owner_acquires_after_expiry()
    {
        var resource = Resource();
        var url = $"{system.SessionsSidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"]}/v1.0/actors/{ActorTypes.Lease}/{resource}/method";
        const string Script = """
            call() { curl -sf -X PUT -H "dapr-api-token: $DAPR_API_TOKEN" -H 'content-type: application/json' -d "$2" "$URL/$1"; }
            grant=$(call TryAcquireAsync '{"owner":"child","ttl":"00:00:03"}') || exit 1
            echo "$grant"
            token=$(printf '%s' "$grant" | sed -n 's/.*"token":\([0-9]*\).*/\1/p')
            while true; do call RenewAsync "{\"owner\":\"child\",\"ttl\":\"00:00:03\",\"token\":$token}" > /dev/null; sleep 0.2; done
            """;
        var start = new ProcessStartInfo("bash", ["-c", Script]) { RedirectStandardOutput = true };
        start.Environment["URL"] = url;
        start.Environment["DAPR_API_TOKEN"] = system.SessionsSidecar.Options.DaprApiToken;
        using var child = Process.Start(start)!;
        long childToken;
        try
        {
            var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            using var grant = JsonDocument.Parse(line!);
            Assert.Equal("Granted", grant.RootElement.GetProperty("outcome").GetString());
            childToken = grant.RootElement.GetProperty("token").GetInt64();
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        var whileHeld = await _locks.TryAcquireAsync(resource, "survivor", TimeSpan.FromMinutes(1));
        var taken = await Eventually.Until(() => _locks.TryAcquireAsync(resource, "survivor", TimeSpan.FromMinutes(1)), r => r.Holds, 15, "the survivor to acquire after the killed holder's lease expired");

        Assert.Equal(LeaseOutcome.Held, whileHeld.Outcome);
        Assert.Equal("child", whileHeld.Holder);
        Assert.Equal(childToken + 1, taken.Token);
    }
}
