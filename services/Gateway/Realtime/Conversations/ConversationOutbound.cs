using System.Threading.Channels;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// The frames waiting to be sent to one client, at most <see cref="GatewayOptions.MaxPendingFrames"/>. Live frames
/// never wait: a full queue means the client stopped reading, and the conversation overruns (the queue is completed,
/// <see cref="Overran"/> fires, the transport ends the connection and the client resumes without losing anything).
/// </summary>
internal sealed class ConversationOutbound : IFrameSink, IDisposable
{
    private readonly Channel<ServerFrame> _frames;
    private readonly CancellationTokenSource _overrun = new();
    private readonly Action _onOverrun;

    public ConversationOutbound(int capacity, Action onOverrun)
    {
        _frames = Channel.CreateBounded<ServerFrame>(
            new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _onOverrun = onOverrun;
    }

    public ChannelReader<ServerFrame> Reader => _frames.Reader;

    public bool IsOverrun => _overrun.IsCancellationRequested;

    public CancellationToken Overran => _overrun.Token;

    /// <summary>Queues a live frame; overruns the conversation when there is no room.</summary>
    public void Emit(ServerFrame frame)
    {
        if (!_frames.Writer.TryWrite(frame))
        {
            Overrun();
        }
    }

    /// <summary>
    /// History (replay, catch-up) waits for room instead: a long timeline is paced by the client, and live events
    /// wait in the inbound queue meanwhile (overrunning it if the client stops reading).
    /// </summary>
    public async ValueTask EmitAsync(ServerFrame frame, CancellationToken ct)
    {
        try
        {
            await _frames.Writer.WriteAsync(frame, ct);
        }
        catch (ChannelClosedException)
        {
            // Overrun or disposed: the client resumes on a new connection.
        }
    }

    public void Overrun()
    {
        if (_overrun.IsCancellationRequested)
        {
            return;
        }

        _onOverrun();
        _frames.Writer.TryComplete();
        _overrun.Cancel();
    }

    public void Dispose()
    {
        _overrun.Dispose();
        _frames.Writer.TryComplete();
    }
}
