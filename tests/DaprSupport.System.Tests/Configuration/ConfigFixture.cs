namespace DaprSupport.System.Tests.Configuration;

/// <summary>
/// The whole system from dapr.yaml with a platform key and two gateway replicas (two instances of app-id gateway, each
/// with its own sidecar), shared by the configuration tests. Each test opens its own tenant through the platform
/// route, so the tests do not depend on each other's changes.
/// </summary>
public sealed class ConfigFixture : IAsyncLifetime
{
    public const string PlatformKey = "platform-key-for-the-configuration-tests-0123456789";

    /// <summary>Attempts per webhook event before it is dead-lettered, in this run.</summary>
    public const int WebhookAttempts = 3;

    private SystemRun? _run;

    public SystemRun Run => _run ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _run = await SystemRun.StartAsync(new Dictionary<string, string>
    {
        ["Platform__Key"] = PlatformKey,
        // Webhooks (issue 15): quick retries and a short attempt budget, to a receiver on loopback.
        ["Webhooks__FirstRetry"] = "00:00:00.200",
        ["Webhooks__MaxRetry"] = "00:00:01",
        ["Webhooks__MaxAttempts"] = WebhookAttempts.ToString(global::System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks__AllowPrivateAddresses"] = "true",

        // The housekeeping job every second, so offline tickets are queued promptly once hours open (BusinessHoursTests).
        ["Housekeeping__Period"] = "00:00:01",
        ["Jobs__Tick"] = "00:00:00.250",
        ["Jobs__LeaseTtl"] = "00:00:05",
    }, replicas: new Dictionary<string, int> { ["gateway"] = 2 });

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConfigCollection : ICollectionFixture<ConfigFixture>
{
    public const string Name = "configuration";
}
