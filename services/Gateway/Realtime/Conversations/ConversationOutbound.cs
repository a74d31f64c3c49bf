using System.Threading.Channels;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// The frames waiting to be sent to one client, at most <see cref="GatewayOptions.MaxPendingFrames"/>, and how the
/// conversation ends. Live frames never wait: a full queue means the client stopped reading, and the conversation
/// overruns. Any end (<see cref="ConversationEnd"/>) completes the queue after the frames already in it and fires
/// <see cref="Ending"/>; frames emitted after it are dropped (the client resumes on a new connection and loses
/// nothing).
/// </summary>
internal sealed class ConversationOutbound : IFrameSink, IDisposable
{
    private readonly Channel<ServerFrame> _frames;
    private readonly CancellationTokenSource _ending = new();
    private readonly Action _onOverrun;
    private ConversationEnd? _end;
    private volatile bool _stopped;

    public ConversationOutbound(int capacity, Action onOverrun)
    {
        _frames = Channel.CreateBounded<ServerFrame>(
            new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _onOverrun = onOverrun;
    }

    public ChannelReader<ServerFrame> Reader => _frames.Reader;

    /// <summary>How the conversation ends; null while it goes on.</summary>
    public ConversationEnd? End => Volatile.Read(ref _end);

    public bool IsOverrun => ReferenceEquals(End, ConversationEnd.Overrun);

    /// <summary>
    /// Cancelled once the end is decided, or once the conversation stops without one (<see cref="Stop"/>).
    /// </summary>
    public CancellationToken Ending => _ending.Token;

    /// <summary>
    /// Stops the conversation's pump without deciding an end: its transport stopped, or its input ran out.
    /// </summary>
    public void Stop()
    {
        try
        {
            _ending.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Over either way.
        }
    }

    /// <summary>Queues a live frame; overruns the conversation when there is no room.</summary>
    public void Emit(ServerFrame frame)
    {
        if (!_frames.Writer.TryWrite(frame) && End is null && !_stopped)
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
            // Ended or disposed: the client resumes on a new connection.
        }
    }

    public void Overrun()
    {
        if (Close(ConversationEnd.Overrun))
        {
            _onOverrun();
        }
    }

    /// <summary>Decides the end (the first one counts); false when it was already decided.</summary>
    public bool Close(ConversationEnd end)
    {
        if (Interlocked.CompareExchange(ref _end, end, null) is not null)
        {
            return false;
        }

        _frames.Writer.TryComplete();

        // A timer's end may race the connection's own: it is over either way.
        Stop();
        return true;
    }

    /// <summary>Completes the queue without an end (the transport stops sending); later frames are dropped.</summary>
    public void Complete()
    {
        _stopped = true;
        _frames.Writer.TryComplete();
    }

    public void Dispose()
    {
        Complete();
        _ending.Dispose();
    }
}
