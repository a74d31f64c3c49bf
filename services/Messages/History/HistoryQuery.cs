using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Timeline;
using DaprSupport.History;

namespace DaprSupport.Messages.History;

/// <summary>A validated history read: items (afterSeq, upToSeq], at most one page.</summary>
public sealed class HistoryQuery(TimelineHistory history)
{
    public async Task<(IReadOnlyList<TimelineItem> Items, SupportError? Error)> ReadAsync(
        string tenant, string sessionId, long afterSeq, long upToSeq, CancellationToken cancellationToken)
    {
        if (afterSeq < 0 || upToSeq < afterSeq)
        {
            return ([], SupportError.Invalid("afterSeq must be ≥ 0 and ≤ upToSeq."));
        }

        return (await history.ReadAsync(tenant, sessionId, afterSeq, upToSeq, cancellationToken), null);
    }
}
