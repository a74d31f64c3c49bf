using System.Net;
using System.Text;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// An agent's <c>presence</c> that the sessions service could not take (unavailable: it was restarting, say) is
/// answered with the error and then asked again at each heartbeat of the agent's connection, through its pump, until
/// it lands or the agent sends another presence. Found by the load tool: agents that connected while the sessions
/// service was starting stayed offline, and no chat was ever offered.
/// </summary>
public sealed class PresenceRetryTests : IDisposable
{
    private const string Heartbeats = "/heartbeat";

    private readonly FakeSessionsBackend _backend = new();
    private readonly ReplicaFanout _fanout = new();
    private readonly TenantRateLimits _limits;
    private readonly StartAdmission _admission = new(Options.Create(new StartAdmissionOptions()), TimeProvider.System);
    private readonly Dapr.Client.DaprClient _dapr = new Dapr.Client.DaprClientBuilder().Build();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(20));
    private readonly Conversation _agent;
    private readonly Task _pump;

    public PresenceRetryTests()
    {
        var options = Options.Create(new GatewayOptions { PresenceHeartbeat = TimeSpan.FromMilliseconds(30) });
        _limits = new TenantRateLimits(options, FixedTenants.Directory());
        _agent = new Conversation(Sample.Agent, _backend.Client, _fanout, _limits,
            new StartPolicy(FixedTenants.Directory()), _admission, FixedTenants.Directory(),
            new TypingRelay(new TypingThrottle(TimeProvider.System), _backend.Client, _dapr,
                NullLogger<TypingRelay>.Instance),
            options, TimeProvider.System, NullLogger<Conversation>.Instance);
        _pump = _agent.RunAsync(_stop.Token);
    }

    [Fact]
    public async Task A_presence_refused_as_unavailable_is_asked_again_at_the_heartbeat_until_it_lands()
    {
        _backend.PresenceAnswers.Enqueue(HttpStatusCode.ServiceUnavailable);
        _backend.PresenceAnswers.Enqueue(HttpStatusCode.ServiceUnavailable);
        _backend.PresenceAnswers.Enqueue(HttpStatusCode.OK);

        _agent.Receive(Utf8("""{"type":"presence","status":"online"}"""));

        Assert.Equal(ErrorCodes.Unavailable, (await NextErrorAsync()).Code);
        await _backend.WaitForAsync(() => Asked().Count == 3);

        // Landed: later heartbeats ask nothing more, and the client heard of the first refusal only.
        var beats = _backend.Count(Heartbeats);
        await _backend.WaitForAsync(() => _backend.Count(Heartbeats) >= beats + 3);
        Assert.Equal([AgentPresence.Online, AgentPresence.Online, AgentPresence.Online], Asked());
        Assert.False(_agent.Outbound.TryRead(out _));
    }

    [Fact]
    public async Task A_later_presence_replaces_the_one_waiting_to_be_asked_again()
    {
        _backend.PresenceAnswers.Enqueue(HttpStatusCode.ServiceUnavailable);
        _backend.PresenceAnswers.Enqueue(HttpStatusCode.OK);
        _agent.Receive(Utf8("""{"type":"presence","status":"online"}"""));
        Assert.Equal(ErrorCodes.Unavailable, (await NextErrorAsync()).Code);

        _agent.Receive(Utf8("""{"type":"presence","status":"offline"}"""));
        await _backend.WaitForAsync(() => Asked().Count == 2);

        var beats = _backend.Count(Heartbeats);
        await _backend.WaitForAsync(() => _backend.Count(Heartbeats) >= beats + 3);
        Assert.Equal([AgentPresence.Online, AgentPresence.Offline], Asked());
    }

    [Fact]
    public async Task A_presence_refused_for_good_is_not_asked_again()
    {
        _backend.PresenceAnswers.Enqueue(HttpStatusCode.BadRequest);
        _agent.Receive(Utf8("""{"type":"presence","status":"online"}"""));
        Assert.Equal(ErrorCodes.InvalidArgument, (await NextErrorAsync()).Code);

        var beats = _backend.Count(Heartbeats);
        await _backend.WaitForAsync(() => _backend.Count(Heartbeats) >= beats + 3);
        Assert.Equal([AgentPresence.Online], Asked());
    }

    public void Dispose()
    {
        _stop.Cancel();
        _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        _agent.Dispose();
        _limits.Dispose();
        _backend.Dispose();
        _dapr.Dispose();
        _admission.Dispose();
        _stop.Dispose();
    }

    private List<AgentPresence> Asked()
    {
        lock (_backend.PresenceAsked)
        {
            return [.. _backend.PresenceAsked];
        }
    }

    private async Task<ErrorFrame> NextErrorAsync() =>
        Assert.IsType<ErrorFrame>(await _agent.Outbound.ReadAsync(_stop.Token));

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
