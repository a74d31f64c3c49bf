using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Dapr;
using DaprSupport.Agents;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// The real Sessions and Agents services in-process on Kestrel ports, each with its own emulator sidecar; actor state
/// on a real etcd, the history store on sqlite, pub/sub emulated Kafka; an observer app subscribed to SLA breaches,
/// read receipts, queue positions and session changes. The actor state store is the repository's own
/// (components/statestore.yaml), so every routing test runs on the shipped state.etcd schema.
/// Global timings are long so ordinary flows are not disturbed; tenants named in <see cref="Tenants"/> get short ones.
/// </summary>
public sealed class RoutingSystemFixture : IAsyncLifetime
{
    private readonly BreachObserver _breaches = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SessionRead>> _reads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, long), TaskCompletionSource<SessionRead>> _readAt = new();
    private readonly ConcurrentDictionary<string, Channel<QueuePositions>> _positions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Channel<SessionChanged>> _changes = new(StringComparer.Ordinal);
    private EtcdProcess? _etcd;
    private EmulatorHarness? _harness;
    private IDisposable? _agents;
    private IDisposable? _sessions;

    /// <summary>
    /// Tenants with short timings (configured per tenant, so the overrides are exercised too). Everything else runs
    /// on the defaults, so a slow machine cannot make an ordinary flow lapse.
    /// </summary>
    public static class Tenants
    {
        public const string FastOffer = "t-fast-offer";
        public const string Overflow = "t-overflow";
        public const string Sla = "t-sla";
        public const string Storm = "t-storm";
        public const string Lease = "t-lease";
        public const string Beat = "t-beat";
        public const string Closed = "t-closed";
        public const string Reopen = "t-reopen";
        public const string Retention = "t-retention";
        public const string Unattended = "t-unattended";
    }

    /// <summary>The grace an offline agent's sessions get in <see cref="Tenants.Unattended"/> (everyone else: 60 s).</summary>
    public const int UnattendedGraceSeconds = 1;

    /// <summary>The key the sessions service verifies configuration versions with (a test key, never a real one).</summary>
    public const string ConfigSigningKey = "routing-tests-config-signing-key-0123456789";

    /// <summary>The history retention configured for <see cref="Tenants.Retention"/> (everything else keeps the default, 90 days).</summary>
    public const int RetentionDays = 7;

    public const int PresenceTtlSeconds = 2;

    /// <summary>
    /// The grace after an agent's last connection closes in <see cref="Tenants.Closed"/>, whose lease stays the
    /// default 60 s (so going offline within seconds can only be the close's doing).
    /// </summary>
    public const int DisconnectGraceSeconds = 1;

    /// <summary>What the agent actors log (their category only, Information and above).</summary>
    public CapturingLoggerProvider AgentLogs { get; } = new(Microsoft.Extensions.Logging.LogLevel.Information);
    public const int ReopenWindowSeconds = 2;

    public RoutingApi Api { get; private set; } = null!;

    public TestApp Observer { get; private set; } = null!;

    public Sidecar SessionsSidecar { get; private set; } = null!;

    /// <summary>The sessions service's own services (its configuration cache, to know a version has arrived).</summary>
    public IServiceProvider SessionsServices { get; private set; } = null!;

    /// <summary>Completes when an SLA breach of this kind for the session reaches the observer through pub/sub.</summary>
    public Task<SlaBreach> BreachFor(string sessionId, string kind) => _breaches.BreachFor(sessionId, kind);

    /// <summary>Completes when a read receipt of the session at <paramref name="seq"/> reaches the observer through pub/sub.</summary>
    public Task<SessionRead> ReadPublished(string sessionId, long seq) =>
        _readAt.GetOrAdd((sessionId, seq), _ => new TaskCompletionSource<SessionRead>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Every read receipt of the session the observer received so far, in arrival order.</summary>
    public IReadOnlyList<SessionRead> ReadsPublished(string sessionId) =>
        _reads.TryGetValue(sessionId, out var reads) ? [.. reads] : [];
    /// <summary>The queue positions published for a tenant, in the order the observer received them (one partition per tenant).</summary>
    public ChannelReader<QueuePositions> PositionsOf(string tenant) => Positions(tenant).Reader;

    private Channel<QueuePositions> Positions(string tenant) => _positions.GetOrAdd(tenant, _ => Channel.CreateUnbounded<QueuePositions>());

    /// <summary>The session changes (<c>support.sessions</c>) published for a session, in the order the observer received them.</summary>
    public ChannelReader<SessionChanged> ChangesOf(string sessionId) => Changes(sessionId).Reader;

    private Channel<SessionChanged> Changes(string sessionId) => _changes.GetOrAdd(sessionId, _ => Channel.CreateUnbounded<SessionChanged>());

    public async Task InitializeAsync()
    {
        _etcd = await EtcdProcess.StartAsync();
        _harness = await EmulatorHarness.StartAsync(RoutingComponents.All(_etcd.Endpoint));

        var agentsPort = LoopbackPorts.Free();
        var agentsSidecar = await _harness.Host.AddSidecarAsync(new SidecarOptions(AppIds.Agents) { AppPort = agentsPort }.WithTokens());
        var agents = new ServiceFactory<AgentActor>(RoutingComponents.Settings(agentsSidecar, new()
        {
            [$"Agents:Tenants:{Tenants.Lease}:PresenceTtlSeconds"] = PresenceTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"Agents:Tenants:{Tenants.Beat}:PresenceTtlSeconds"] = PresenceTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"Agents:Tenants:{Tenants.Closed}:DisconnectGraceSeconds"] = DisconnectGraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), AgentLogs, typeof(AgentActor).FullName);
        agents.UseKestrel(o => o.Listen(IPAddress.Loopback, agentsPort));
        agents.StartServer();
        _agents = agents;

        var sessionsPort = LoopbackPorts.Free();
        SessionsSidecar = await _harness.Host.AddSidecarAsync(new SidecarOptions(AppIds.Sessions) { AppPort = sessionsPort }.WithTokens());
        var sessions = new ServiceFactory<SessionFlows>(RoutingComponents.Settings(SessionsSidecar, new()
        {
            ["Routing:OfferTimeoutSeconds"] = "30",
            [$"History:Tenants:{Tenants.Retention}:RetentionDays"] = RetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Routing:OverflowAfterSeconds"] = "600",
            [$"Routing:Tenants:{Tenants.Reopen}:Defaults:ReopenWindowSeconds"] = ReopenWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"Routing:Tenants:{Tenants.FastOffer}:Defaults:OfferTimeoutSeconds"] = "1",
            [$"Routing:Tenants:{Tenants.Overflow}:Defaults:OverflowAfterSeconds"] = "2",
            [$"Routing:Tenants:{Tenants.Sla}:Skills:vip:FirstResponseSeconds"] = "3",
            [$"Routing:Tenants:{Tenants.Sla}:Skills:vip:ResolutionSeconds"] = "5",
            [$"Routing:Tenants:{Tenants.Storm}:Defaults:OfferTimeoutSeconds"] = "2",
            [$"Routing:Tenants:{Tenants.Storm}:Defaults:LoadThreshold"] = "2",
            // Singleton jobs on a short clock (the housekeeping limits stay the long defaults unless a tenant's
            // document sets them), and tenant documents signed and re-read quickly (tests/…/Hours).
            ["Jobs:Tick"] = "00:00:00.200",
            ["Jobs:LeaseTtl"] = "00:00:02",
            ["Housekeeping:Period"] = "00:00:01",
            ["TenantConfig:RefreshInterval"] = "00:00:00.500",
            [$"Routing:Tenants:{Tenants.Unattended}:Defaults:UnattendedGraceSeconds"] = UnattendedGraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TenantConfig:Signing:CurrentKeyId"] = "routing-tests",
            ["TenantConfig:Signing:Keys:routing-tests"] = ConfigSigningKey,
        }));
        sessions.UseKestrel(o => o.Listen(IPAddress.Loopback, sessionsPort));
        sessions.StartServer();
        _sessions = sessions;
        SessionsServices = sessions.Services;

        Observer = await _harness.AddAppAsync("observer", MapObserver);
        await Task.WhenAll(agentsSidecar.AppReady, SessionsSidecar.AppReady).WaitAsync(TimeSpan.FromSeconds(30));
        // The tests call the sessions API as its sidecar would deliver the gateway's invocations: with the app token.
        var sessionsApi = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sessionsPort}") };
        sessionsApi.DefaultRequestHeaders.Add(ApiTokens.Header, SessionsSidecar.Options.AppApiToken);
        Api = new RoutingApi(sessionsApi);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        _sessions?.Dispose();
        _agents?.Dispose();
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }

    private void MapObserver(WebApplication app)
    {
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        _breaches.Map(app);
        app.MapPost("/session-read", (SessionRead read) =>
        {
            _reads.GetOrAdd(read.SessionId, _ => new ConcurrentQueue<SessionRead>()).Enqueue(read);
            _readAt.GetOrAdd((read.SessionId, read.Mark.Seq), _ => new TaskCompletionSource<SessionRead>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(read);
            return Results.Ok();
        }).WithTopic(DaprSupport.Contracts.Components.PubSub, Topics.SessionRead);
        app.MapPost("/queue-positions", (QueuePositions positions) =>
        {
            Positions(positions.Tenant).Writer.TryWrite(positions);
            return Results.Ok();
        }).WithTopic(DaprSupport.Contracts.Components.PubSub, Topics.QueuePositions);
        app.MapPost("/session-changed", (SessionChanged change) =>
        {
            Changes(change.Session.SessionId).Writer.TryWrite(change);
            return Results.Ok();
        }).WithTopic(DaprSupport.Contracts.Components.PubSub, Topics.SessionLifecycle);
    }
}

[CollectionDefinition(Name)]
public sealed class RoutingSystemCollection : ICollectionFixture<RoutingSystemFixture>
{
    public const string Name = "routing-system";
}
