using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Realtime.Transport.LongPoll;

/// <summary>
/// A long-poll client's server-side conversation: pushed frames are kept, numbered, until a poll's cursor says the
/// client has them, so a poll retried after a lost response gets the same frames again. At most
/// <see cref="GatewayOptions.MaxPendingFrames"/> are kept; beyond that the conversation's own queue fills and it
/// overruns.
/// </summary>
internal sealed class PollConnection : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ServerFrame> _frames = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly Task _drain;
    private readonly int _maxFrames;
    private long _base;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly IDisposable _lease;

    /// <param name="lease">
    /// The caller's connection slot (<see cref="ConnectionQuotas"/>), given back on dispose.
    /// </param>
    public PollConnection(string id, Conversation conversation, int maxFrames, TimeProvider time, IDisposable lease)
    {
        _lease = lease;
        Id = id;
        _maxFrames = maxFrames;
        Conversation = conversation;
        Time = time;
        Touched = time.GetUtcNow();
        _pump = conversation.RunAsync(_stop.Token);
        _drain = DrainAsync();
    }

    public string Id { get; }

    public Conversation Conversation { get; }

    public DateTimeOffset Touched { get; private set; }

    private TimeProvider Time { get; }

    /// <summary>
    /// Frames from <paramref name="from"/> on (dropping older ones), waiting up to <paramref name="wait"/> for the
    /// first.
    /// </summary>
    public async Task<(IReadOnlyList<ServerFrame> Frames, long Next)> PollAsync(
        long from, TimeSpan wait, CancellationToken ct)
    {
        Touched = Time.GetUtcNow();
        Task arrived;
        lock (_gate)
        {
            Trim(from);
            if (_base + _frames.Count > from || wait <= TimeSpan.Zero)
            {
                return Take(from);
            }

            arrived = _arrived.Task;
        }

        try
        {
            await arrived.WaitAsync(wait, Time, ct);
        }
        catch (TimeoutException)
        {
            // Nothing new: an empty answer with the same cursor.
        }

        Touched = Time.GetUtcNow();
        lock (_gate)
        {
            return Take(from);
        }
    }

    /// <summary>
    /// Ends the conversation (which says an agent's connection closed) and gives the caller's slot back, waiting up to
    /// 5 s for each of its loops.
    /// </summary>
    public async Task CloseAsync()
    {
        await _stop.CancelAsync();
        await WithinAsync(_pump);
        Conversation.Dispose();
        await WithinAsync(_drain);
        _stop.Dispose();
        _lease.Dispose();
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private static async Task WithinAsync(Task loop)
    {
        try
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Still running: it ends on its own once it sees the cancellation.
        }
    }

    private void Trim(long from)
    {
        var drop = (int)Math.Clamp(from - _base, 0, _frames.Count);
        _frames.RemoveRange(0, drop);
        _base += drop;
        if (drop > 0)
        {
            var room = _room;
            _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
            room.TrySetResult();
        }
    }

    private (IReadOnlyList<ServerFrame>, long) Take(long from)
    {
        var start = (int)Math.Clamp(from - _base, 0, _frames.Count);
        var frames = _frames.Skip(start).ToList();
        return (frames, _base + start + frames.Count);
    }

    private async Task DrainAsync()
    {
        await foreach (var frame in Conversation.Outbound.ReadAllAsync())
        {
            while (true)
            {
                Task room;
                lock (_gate)
                {
                    if (_frames.Count < _maxFrames)
                    {
                        _frames.Add(frame);
                        _arrived.TrySetResult();
                        _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                        break;
                    }

                    room = _room.Task;
                }

                // Full: wait for a poll to take frames (the conversation's queue fills meanwhile, and may overrun).
                try
                {
                    await room.WaitAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
