using DaprSupport.Contracts.Routing;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// The sessions waiting to be put in one tenant's queues by the next dispatch turn, each with whoever waits for its
/// position. The next pass takes them all, so a burst of starts costs one router turn, not one each.
/// </summary>
internal sealed class PendingEnqueues
{
    private readonly Lock _gate = new();
    private List<Pending> _pending = [];

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count == 0;
            }
        }
    }

    /// <summary>Adds a session; the task completes with its position when a turn has enqueued it.</summary>
    public Task<int> Add(QueueEntry entry)
    {
        var waiter = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending.Add(new Pending(entry, waiter));
        }

        return waiter.Task;
    }

    /// <summary>Everything pending now, for one turn (a session named twice goes once, with both waiters).</summary>
    public IReadOnlyList<Pending> TakeAll()
    {
        lock (_gate)
        {
            var taken = _pending;
            _pending = [];
            return taken;
        }
    }

    /// <summary>The turn enqueued them: their waiters get their positions.</summary>
    public static void Complete(IReadOnlyList<Pending> taken, IReadOnlyDictionary<string, int> positions)
    {
        foreach (var pending in taken)
        {
            pending.Waiter?.TrySetResult(positions.GetValueOrDefault(pending.Entry.SessionId));
        }
    }

    /// <summary>
    /// The turn failed: the waiters see the failure (their callers answer it and may retry), and the sessions stay
    /// pending without waiters, so the pass that retries enqueues them anyway (enqueuing twice keeps one place).
    /// </summary>
    public void Fail(IReadOnlyList<Pending> taken, Exception error)
    {
        lock (_gate)
        {
            _pending.InsertRange(0, taken.Select(p => p with { Waiter = null }));
        }

        foreach (var pending in taken)
        {
            pending.Waiter?.TrySetException(error);
        }
    }

    /// <summary>The entries to send, one per session (the latest wins, as consecutive enqueues would).</summary>
    public static IReadOnlyList<QueueEntry> Entries(IReadOnlyList<Pending> taken) =>
        [.. taken.GroupBy(p => p.Entry.SessionId, StringComparer.Ordinal).Select(g => g.Last().Entry)];

    internal sealed record Pending(QueueEntry Entry, TaskCompletionSource<int>? Waiter);
}
