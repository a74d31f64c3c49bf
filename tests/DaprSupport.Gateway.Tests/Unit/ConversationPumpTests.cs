using System.Text;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static DaprSupport.Gateway.Tests.Unit.Fakes.Sample;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="Conversation"/>'s mailbox and pump, built without DI against a fake sessions service: where answers go
/// for each transport, and that what the fanout pushes reaches the client through the pump.
/// </summary>
public sealed class ConversationPumpTests : IDisposable
{
    private readonly FakeSessionsBackend _backend = new();
    private readonly ReplicaFanout _fanout = new();
    private readonly TenantRateLimits _limits;
    private readonly Conversation _conversation;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(15));
    private readonly Task _pump;
    private readonly Dapr.Client.DaprClient _dapr = new Dapr.Client.DaprClientBuilder().Build();
    private readonly StartAdmission _admission = new(Options.Create(new StartAdmissionOptions()), TimeProvider.System);

    public ConversationPumpTests()
    {
        var options = Options.Create(new GatewayOptions());
        _limits = new TenantRateLimits(options, FixedTenants.Directory());
        _conversation = new Conversation(Visitor, _backend.Client, _fanout, _limits,
            new StartPolicy(FixedTenants.Directory()), _admission, FixedTenants.Directory(),
            new TypingRelay(new TypingThrottle(TimeProvider.System), _backend.Client, _dapr,
                NullLogger<TypingRelay>.Instance),
            options, TimeProvider.System, NullLogger<Conversation>.Instance);
        _pump = _conversation.RunAsync(_stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        _conversation.Dispose();
        _limits.Dispose();
        _backend.Dispose();
        _dapr.Dispose();
        _admission.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task A_received_frame_is_answered_on_the_outbound_queue()
    {
        _conversation.Receive(Utf8("""{"type":"ping"}"""));
        Assert.IsType<PongFrame>(await _conversation.Outbound.ReadAsync(_stop.Token));

        // A frame that does not parse is refused at once, without the pump.
        _conversation.Receive(Utf8("""{"type":"dance"}"""));
        var error = Assert.IsType<ErrorFrame>(await _conversation.Outbound.ReadAsync(_stop.Token));
        Assert.Equal(ErrorCodes.BadFrame, error.Code);
    }

    [Fact]
    public async Task An_exchange_returns_its_direct_answers_and_items_still_go_out_as_pushed_frames()
    {
        _backend.Store(Session(lastSeq: 1));
        _backend.Append(Item(1));

        var replies = await _conversation.ExchangeAsync(Utf8(Hello));

        Assert.Equal(SessionId, Assert.IsType<SessionFrame>(Assert.Single(replies!)).SessionId);
        Assert.Equal(1, Assert.IsType<ItemFrame>(await _conversation.Outbound.ReadAsync(_stop.Token)).Seq);
        Assert.IsType<PongFrame>(Assert.Single((await _conversation.ExchangeAsync(Utf8("""{"type":"ping"}""")))!));
        Assert.False(_conversation.Outbound.TryRead(out _));
    }

    [Fact]
    public async Task An_item_pushed_for_a_followed_session_reaches_the_client_through_the_pump()
    {
        _backend.Store(Session(lastSeq: 0));
        _conversation.Receive(Utf8(Hello));
        Assert.IsType<SessionFrame>(await _conversation.Outbound.ReadAsync(_stop.Token));

        // The pump may still be reading the (empty) history: the listener is registered before it reads.
        Assert.Equal(1, _fanout.Deliver(Item(1)));

        Assert.Equal(1, Assert.IsType<ItemFrame>(await _conversation.Outbound.ReadAsync(_stop.Token)).Seq);
    }

    private static string Hello => $$$"""{"type":"hello","resume":{"{{{SessionId}}}":0}}""";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
