using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Sources;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// A conversation's inbound queue: any thread writes (the transport's reader, the fanout), one pump reads, at most
/// <c>capacity</c> inputs wait, and a write never waits (a full inbox is the writer's overrun). A bounded
/// <see cref="System.Threading.Channels.Channel"/> did this with seven helper objects, plus a fresh waiter and
/// cancellation registration for each cancellable wait: about 0.9 KB held by every idle connection. This keeps a
/// queue and one reusable waiter. Continuations run asynchronously, as the channel's did: a writer never runs the pump.
/// </summary>
internal sealed class ConversationInbox(int capacity) : IValueTaskSource<bool>
{
    private readonly Queue<ConversationInput> _items = new();
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private bool _waiting;
    private bool _completed;

    /// <summary>Queues the input; false when the inbox is full or completed.</summary>
    public bool TryWrite(ConversationInput input)
    {
        lock (_items)
        {
            if (_completed || _items.Count >= capacity)
            {
                return false;
            }

            _items.Enqueue(input);
            if (!TakeWaiter())
            {
                return true;
            }
        }

        _waiter.SetResult(true);
        return true;
    }

    /// <summary>No more input: the reader still gets what is queued, then its wait answers false.</summary>
    public void Complete()
    {
        lock (_items)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (!TakeWaiter())
            {
                return;
            }
        }

        // A waiter means the queue was empty.
        _waiter.SetResult(false);
    }

    public bool TryRead([MaybeNullWhen(false)] out ConversationInput input)
    {
        lock (_items)
        {
            return _items.TryDequeue(out input);
        }
    }

    /// <summary>
    /// True once an input is queued, false once the inbox is completed and empty; cancelled with the token (checked
    /// first, as a channel does). One wait at a time: the pump's.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken ct)
    {
        lock (_items)
        {
            if (ct.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(ct);
            }

            if (_items.Count > 0 || _completed)
            {
                return new ValueTask<bool>(_items.Count > 0);
            }

            _waiter.Reset();
            _waiting = true;
        }

        // Outside the lock: a token cancelled meanwhile runs the callback here, and it takes the lock.
        _cancellation = ct.UnsafeRegister(static (inbox, token) => ((ConversationInbox)inbox!).Cancel(token), this);
        return new ValueTask<bool>(this, _waiter.Version);
    }

    bool IValueTaskSource<bool>.GetResult(short token)
    {
        // Waits for a cancellation callback that lost the race to finish (it only takes the lock).
        _cancellation.Dispose();
        _cancellation = default;
        return _waiter.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);

    private void Cancel(CancellationToken token)
    {
        lock (_items)
        {
            if (!TakeWaiter())
            {
                return;
            }
        }

        _waiter.SetException(new OperationCanceledException(token));
    }

    /// <summary>Whether the pump waits, and then that this caller completes its wait (under the lock).</summary>
    private bool TakeWaiter()
    {
        if (!_waiting)
        {
            return false;
        }

        _waiting = false;
        return true;
    }
}
