using System.Net;
using System.Net.Http.Json;
using Dapr.Client;
using DaprSupport.Testing;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>
/// reference/api/state_api ("Optional behaviors", concurrency first-write) against state.etcd: production daprd's
/// etcd store reads then writes for first-write without an ETag (not atomic), and so does the emulator; it warns once
/// per store when code relies on it.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdFirstWriteWarningTests(EtcdFixture etcd)
{
    private const string Phrase = "not atomic in production daprd's state.etcd; use an ETag";

    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };

    [Fact]
    public async Task First_write_without_an_etag_on_etcd_logs_one_warning_per_store()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var harness = await EmulatorHarness.StartAsync(
            o => o.LoggerFactory = loggerFactory,
            StateStoreKinds.Component(StateStoreKinds.Etcd, "first", etcd),
            StateStoreKinds.Component(StateStoreKinds.Etcd, "second", etcd));
        var app = await harness.AddClientAsync("support");
        IReadOnlyList<string> Warnings() => [.. logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains(Phrase, StringComparison.Ordinal)).Select(e => e.Message)];

        // Last-write, and first-write with an ETag, are faithful: no warning.
        var key = StateStoreKinds.NewKey();
        await app.Client.SaveStateAsync("second", key, "v1");
        var (_, etag) = await app.Client.GetStateAndETagAsync<string>("second", key);
        Assert.True(await app.Client.TrySaveStateAsync("second", key, "v2", etag, FirstWrite));
        Assert.Empty(Warnings());

        // First-write without an ETag, over gRPC (SDK) and HTTP, twice on one store: one warning naming it.
        await app.Client.SaveStateAsync("first", StateStoreKinds.NewKey(), "v", FirstWrite);
        using var http = await app.SidecarHttp.PostAsync(new Uri("/v1.0/state/first", UriKind.Relative),
            JsonContent.Create(new[] { new { key = StateStoreKinds.NewKey(), value = 1, options = new { concurrency = "first-write" } } }));
        Assert.Equal(HttpStatusCode.NoContent, http.StatusCode);
        Assert.Contains("State store first:", Assert.Single(Warnings()), StringComparison.Ordinal);

        // Another etcd store warns once too.
        await app.Client.SaveStateAsync("second", StateStoreKinds.NewKey(), "v", FirstWrite);
        Assert.Equal(2, Warnings().Count);
        Assert.Contains(Warnings(), w => w.StartsWith("State store second:", StringComparison.Ordinal));
    }
}
