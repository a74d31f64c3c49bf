using DaprSupport.Configuration;
using DaprSupport.Configuration.Leases;
using DaprSupport.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Configuration;

/// <summary>
/// <see cref="ILeaseLock"/> on Dapr's distributed lock API when a lock component is configured (issue 12): here a
/// <c>lock.redis</c> component under the emulator, reached with the SDK over gRPC.
/// </summary>
public sealed class DaprLockLeaseLockTests : IAsyncLifetime
{
    private const string Store = "leases";
    private EmulatorHarness? _harness;
    private DaprLockLeaseLock _locks = null!;

    public async Task InitializeAsync()
    {
        _harness = await EmulatorHarness.StartAsync($"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: {Store}
            spec:
              type: lock.redis
              version: v1
              metadata:
                - name: redisHost
                  value: "localhost:6379"
            """);
        var app = await _harness.AddClientAsync("worker");
        _locks = new DaprLockLeaseLock(app.Client, Options.Create(new LeaseOptions { LockStore = Store }), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    private static string Resource() => "lock-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Of_fifty_concurrent_acquirers_exactly_one_holds_the_lock()
    {
        var resource = Resource();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => _locks.TryAcquireAsync(resource, $"owner-{i}", TimeSpan.FromMinutes(1))));

        var winner = Assert.Single(results, r => r.Holds);
        Assert.All(results.Where(r => !r.Holds), r => Assert.Equal(LeaseOutcome.Held, r.Outcome));
        Assert.Equal(0, winner.Token);
    }

    [Fact]
    public async Task Only_the_owner_releases_renewal_is_unsupported_and_an_expired_lock_is_free()
    {
        var resource = Resource();
        // While "a" holds it (a long lease, so a slow box cannot expire it between the calls): no renewal on this API,
        // and nobody else releases it.
        var held = await _locks.TryAcquireAsync(resource, "a", TimeSpan.FromMinutes(1));
        var renew = await _locks.RenewAsync(resource, "a", held.Token, TimeSpan.FromSeconds(30));
        var byOther = await _locks.ReleaseAsync(resource, "b", 0);
        var releasedByA = await _locks.ReleaseAsync(resource, "a", held.Token);

        // A short lease expires and is free for the next owner; the old owner's late release is refused.
        var brief = await _locks.TryAcquireAsync(resource, "a", TimeSpan.FromSeconds(1));
        var taken = await DaprSupport.Testing.Eventually.Until(() => _locks.TryAcquireAsync(resource, "b", TimeSpan.FromMinutes(1)), r => r.Holds, 10, "b to take the expired lock");
        var lateRelease = await _locks.ReleaseAsync(resource, "a", brief.Token);
        var released = await _locks.ReleaseAsync(resource, "b", taken.Token);

        Assert.Equal(LeaseOutcome.Granted, held.Outcome);
        Assert.Equal(LeaseOutcome.Unsupported, renew.Outcome);
        Assert.Equal(LeaseOutcome.NotOwner, byOther.Outcome);
        Assert.Equal(LeaseOutcome.Released, releasedByA.Outcome);
        Assert.Equal(LeaseOutcome.Granted, brief.Outcome);
        Assert.Equal(LeaseOutcome.NotOwner, lateRelease.Outcome);
        Assert.Equal(LeaseOutcome.Released, released.Outcome);
    }

    [Theory]
    [InlineData(null, typeof(ActorLeaseLock))]
    [InlineData(Store, typeof(DaprLockLeaseLock))]
    public void The_lock_store_setting_chooses_the_implementation(string? lockStore, Type expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Leases:LockStore"] = lockStore }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddDaprClient();

        services.AddLeaseLocks(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.IsType(expected, provider.GetRequiredService<ILeaseLock>());
    }
}
