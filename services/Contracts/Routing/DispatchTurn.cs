namespace DaprSupport.Contracts.Routing;

/// <summary>
/// What one dispatch turn of the router is asked to do: put these sessions in their queues (again) first. Empty:
/// only plan offers and hand out the changed queues.
/// </summary>
public sealed record DispatchTurnRequest(IReadOnlyList<QueueEntry> Enqueue);

/// <summary>
/// One router turn's outcome: each enqueued session's 1-based position as it entered its queue (before this turn's
/// offers), the offers decided and recorded as pending, and the skill queues whose order changed since they were last
/// handed out (as after the offers), for the caller to publish on <see cref="Topics.QueuePositions"/> once the
/// sessions have been told of their offers.
/// </summary>
public sealed record DispatchTurn(
    IReadOnlyDictionary<string, int> Positions,
    IReadOnlyList<PlannedOffer> Offers,
    IReadOnlyList<QueuePositions> PositionChanges);
