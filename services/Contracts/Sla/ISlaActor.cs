using Dapr.Actors;

namespace DaprSupport.Contracts.Sla;

/// <summary>
/// One tenant's SLA ledger (actor id <see cref="ActorIds.Sla"/>): the one place its figures are kept, whichever
/// sessions replica a session's actor runs on. It calls no actor.
/// </summary>
public interface ISlaActor : IActor
{
    Task RecordAsync(SlaEvent slaEvent);

    /// <summary>Several events in one turn and one save (what a sessions replica gathered since its last
    /// batch).</summary>
    Task RecordAllAsync(IReadOnlyList<SlaEvent> events);

    /// <summary>The figures over the configured window, without targets (the sessions API adds them).</summary>
    Task<SlaReport> GetReportAsync();
}
