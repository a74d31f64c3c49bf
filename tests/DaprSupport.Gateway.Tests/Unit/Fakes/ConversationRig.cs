using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Unit.Fakes;

/// <summary>
/// One <see cref="Conversation"/> built without DI against a <see cref="FakeSessionsBackend"/>, with the fixed
/// tenants, its pump running until the rig is disposed (or 15 s pass). <c>arrange</c> sets the backend's answers before
/// the pump starts.
/// </summary>
internal sealed class ConversationRig : IDisposable
{
    private readonly TenantRateLimits _limits;
    private readonly StartAdmission _admission = new(Options.Create(new StartAdmissionOptions()), TimeProvider.System);
    private readonly Dapr.Client.DaprClient _dapr = new Dapr.Client.DaprClientBuilder().Build();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(15));
    private readonly Task _pump;

    public ConversationRig(
        SupportPrincipal principal, GatewayOptions? gateway = null, Action<FakeSessionsBackend>? arrange = null)
    {
        arrange?.Invoke(Backend);
        var options = Options.Create(gateway ?? new GatewayOptions());
        _limits = new TenantRateLimits(options, FixedTenants.Directory());
        Conversation = new Conversation(principal, Backend.Client, Fanout, _limits,
            new StartPolicy(FixedTenants.Directory()), _admission, FixedTenants.Directory(),
            new TypingRelay(new TypingThrottle(TimeProvider.System), Backend.Client, _dapr,
                NullLogger<TypingRelay>.Instance),
            options, TimeProvider.System, NullLogger<Conversation>.Instance);
        _pump = Conversation.RunAsync(_stop.Token);
    }

    public FakeSessionsBackend Backend { get; } = new();

    public ReplicaFanout Fanout { get; } = new();

    public Conversation Conversation { get; }

    /// <summary>The conversation's pump: completes when the conversation ends.</summary>
    public Task Pump => _pump;

    /// <summary>Cancelled when the rig is disposed: for the test's own waits.</summary>
    public CancellationToken Stopping => _stop.Token;

    public void Dispose()
    {
        _stop.Cancel();
        _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        Conversation.Dispose();
        _limits.Dispose();
        Backend.Dispose();
        _dapr.Dispose();
        _admission.Dispose();
        _stop.Dispose();
    }
}
