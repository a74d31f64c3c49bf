using Dapr.Actors.Runtime;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sla;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// A tenant's SLA ledger (<see cref="ISlaActor"/>): one actor per tenant, so the figures are the same whichever
/// sessions replica asks and whichever replicas the sessions ran on. The rules are <see cref="SlaLedgerRules"/> and
/// <see cref="SlaCalculator"/>; this class loads, applies and saves.
/// </summary>
[Actor(TypeName = ActorTypes.Sla)]
public sealed class SlaActor(ActorHost host, IOptions<SlaOptions> options, TimeProvider time)
    : Actor(host), ISlaActor
{
    private const string LedgerKey = "ledger";
    private readonly SlaOptions _options = options.Value;

    public async Task RecordAsync(SlaEvent slaEvent)
    {
        ArgumentNullException.ThrowIfNull(slaEvent);
        var ledger = await LoadAsync();
        await StateManager.SetStateAsync(
            LedgerKey, SlaLedgerRules.Apply(ledger, slaEvent, time.GetUtcNow(), _options));
    }

    public async Task RecordAllAsync(IReadOnlyList<SlaEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var now = time.GetUtcNow();
        var ledger = events.Aggregate(await LoadAsync(), (l, e) => SlaLedgerRules.Apply(l, e, now, _options));
        await StateManager.SetStateAsync(LedgerKey, ledger);
    }

    public async Task<SlaReport> GetReportAsync() =>
        SlaCalculator.Report(await LoadAsync(), time.GetUtcNow(), _options.Window);

    private async Task<SlaLedger> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<SlaLedger>(LedgerKey);
        return stored.HasValue ? stored.Value : SlaLedger.Empty;
    }
}
