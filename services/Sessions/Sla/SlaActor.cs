using Dapr.Actors.Runtime;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sla;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// A tenant's SLA ledger (<see cref="ISlaActor"/>): one actor per tenant, so the figures are the same whichever
/// sessions replica asks and whichever replicas the sessions ran on. The rules are <see cref="SlaLedgerRules"/> and
/// <see cref="SlaCalculator"/>; the storage is <see cref="SlaStore"/>; this class loads, applies and saves.
/// </summary>
[Actor(TypeName = ActorTypes.Sla)]
public sealed class SlaActor(ActorHost host, IOptions<SlaOptions> options, TimeProvider time)
    : Actor(host), ISlaActor
{
    private readonly SlaOptions _options = options.Value;
    private SlaStore? _store;

    private SlaStore Store => _store ??= new SlaStore(StateManager);

    public Task RecordAsync(SlaEvent slaEvent)
    {
        ArgumentNullException.ThrowIfNull(slaEvent);
        return RecordAllAsync([slaEvent]);
    }

    public async Task RecordAllAsync(IReadOnlyList<SlaEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var now = time.GetUtcNow();
        var ledger = events.Aggregate(await Store.LoadAsync(), (l, e) => SlaLedgerRules.Apply(l, e, now, _options));
        await Store.SaveAsync(ledger);
    }

    public async Task<SlaReport> GetReportAsync() =>
        SlaCalculator.Report(await Store.LoadAsync(), time.GetUtcNow(), _options.Window);
}
