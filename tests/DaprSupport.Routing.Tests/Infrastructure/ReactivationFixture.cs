using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapr.Actors.Client;
using Dapr.Client;
using DaprSupport.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DaprSupport.Agents;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.ServiceDefaults;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// The real Agents and Sessions services (hosting AgentActor, SessionActor and RouterActor) behind emulator sidecars,
/// with the repository's actor state store on a real etcd, each restartable so tests can activate actors afresh over
/// stored state; actors are called directly through proxies from a separate caller sidecar.
/// </summary>
public sealed class ReactivationFixture : IAsyncLifetime
{
    private EtcdProcess? _etcd;
    private EmulatorHarness? _harness;
    private RestartableService<AgentActor>? _agents;
    private RestartableService<SessionFlows>? _sessions;
    private IActorProxyFactory? _proxies;
    private DaprClient? _client;

    public async Task InitializeAsync()
    {
        _etcd = await EtcdProcess.StartAsync();
        _harness = await EmulatorHarness.StartAsync(
            o => o.LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(EmulatorLogs)),
            RoutingComponents.All(_etcd.Endpoint));
        _agents = await StartAsync<AgentActor>(AppIds.Agents, []);
        _sessions = await StartAsync<SessionFlows>(AppIds.Sessions, new()
        {
            [$"Routing:Tenants:{SlaTenant}:Defaults:ResolutionSeconds"] =
                SlaResolutionSeconds.ToString(CultureInfo.InvariantCulture),
        });
        await _harness.AddAppAsync("observer", app =>
        {
            app.UseCloudEvents();
            app.MapSubscribeHandler();
            Breaches.Map(app);
        });
        var caller = await _harness.AddClientAsync("caller");
        _proxies = new ActorProxyFactory(ActorHostExtensions.ProxyOptions(
            caller.Sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"], caller.Sidecar.Options.DaprApiToken));
        _client = new DaprClientBuilder()
            .UseGrpcEndpoint(caller.Sidecar.AppEnvironment["DAPR_GRPC_ENDPOINT"])
            .UseDaprApiToken(caller.Sidecar.Options.DaprApiToken)
            .UseJsonSerializationOptions(JsonDefaults.Options)
            .Build();
        History = new TimelineHistory(_client, new ConfiguredRetention(Options.Create(new HistoryOptions())));
    }

    /// <summary>A tenant whose sessions' resolution clock runs <see cref="SlaResolutionSeconds"/>.</summary>
    public const string SlaTenant = "t-react-sla";

    public const int SlaResolutionSeconds = 8;

    /// <summary>The SLA breaches published (an observer app subscribed to <c>support.sla-breached</c>).</summary>
    public BreachObserver Breaches { get; } = new();

    /// <summary>What the emulator logged at warning level and above (a failed reminder trigger, for one).</summary>
    public CapturingLoggerProvider EmulatorLogs { get; } = new();

    /// <summary>The sqlite file of the history store (components' <c>file:history.db</c>, in the emulator's directory).</summary>
    public string HistoryDatabase => Path.Combine(_harness!.WorkingDirectory, "history.db");

    /// <summary>The etcd behind the actor state store (its JSON gateway answers /v3/kv/range).</summary>
    public Uri EtcdEndpoint => new(_etcd!.Endpoint.Contains("://", StringComparison.Ordinal) ? _etcd.Endpoint : "http://" + _etcd.Endpoint);

    /// <summary>
    /// The etcd mod revision of the one actor state key under <paramref name="key"/> of the actor whose id holds
    /// <paramref name="id"/>: it moves only when that key is written.
    /// </summary>
    public async Task<long> StateRevisionAsync(string id, string key)
    {
        using var http = new HttpClient { BaseAddress = EtcdEndpoint };
        var all = Convert.ToBase64String([0]);
        using var response = await http.PostAsJsonAsync("/v3/kv/range", new { key = all, range_end = all, keys_only = true });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var revisions = body.RootElement.GetProperty("kvs").EnumerateArray()
            .Where(kv => Encoding.UTF8.GetString(Convert.FromBase64String(kv.GetProperty("key").GetString()!)) is var name
                && name.Contains(id, StringComparison.Ordinal) && name.EndsWith("||" + key, StringComparison.Ordinal))
            .Select(kv => long.Parse(kv.GetProperty("mod_revision").GetString()!, CultureInfo.InvariantCulture))
            .ToList();
        return Assert.Single(revisions);
    }

    /// <summary>The history store the sessions app writes timeline items to, as the services read it.</summary>
    public TimelineHistory History { get; private set; } = null!;

    public ISessionActor Session(string tenant, string sessionId) =>
        _proxies!.CreateActorProxy<ISessionActor>(ActorIds.Session(tenant, sessionId), ActorTypes.Session);

    public IAgentActor Agent(string tenant, string agentId) =>
        _proxies!.CreateActorProxy<IAgentActor>(ActorIds.Agent(tenant, agentId), ActorTypes.Agent);

    public IRouterActor Router(string tenant) =>
        _proxies!.CreateActorProxy<IRouterActor>(ActorIds.Router(tenant), ActorTypes.Router);

    /// <summary>Restarts the Agents service: its actors' next calls activate them afresh.</summary>
    public void RestartAgents() => _agents!.Restart();

    /// <summary>Restarts the Sessions service (SessionActor and RouterActor).</summary>
    public void RestartSessions() => _sessions!.Restart();

    public async Task DisposeAsync()
    {
        _sessions?.Dispose();
        _agents?.Dispose();
        _client?.Dispose();
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }

    private async Task<RestartableService<TMarker>> StartAsync<TMarker>(string appId, Dictionary<string, string> settings)
        where TMarker : class
    {
        var port = LoopbackPorts.Free();
        var sidecar = await _harness!.Host.AddSidecarAsync(new SidecarOptions(appId) { AppPort = port }.WithTokens());
        var service = new RestartableService<TMarker>(port, RoutingComponents.Settings(sidecar, settings));
        service.Start();
        await sidecar.AppReady.WaitAsync(TimeSpan.FromSeconds(30));
        return service;
    }
}

[CollectionDefinition(Name)]
public sealed class ReactivationCollection : ICollectionFixture<ReactivationFixture>
{
    public const string Name = "actor-reactivation";
}
