using DaprSupport.Contracts;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// The conversation's input side: each client frame is parsed, rate-limited and queued for the pump, or answered
/// with an error frame; a queue the client overruns ends the conversation.
/// </summary>
public sealed partial class Conversation
{
    /// <summary>
    /// One text frame from the client: rate-limited, parsed, queued for the pump (or answered with an error).
    /// </summary>
    public void Receive(ReadOnlySpan<byte> utf8)
    {
        if (Admit(utf8, out var refusal) is { } frame)
        {
            Enqueue(new Command(frame));
        }
        else
        {
            _outbound.Emit(refusal!);
        }
    }

    /// <summary>
    /// One client frame whose direct answers (ack, error, pong, session) are returned instead of queued, for
    /// request/response transports (long-poll send). Items and offers still go to <see cref="Outbound"/>. Null when
    /// the conversation ended before the frame was answered: the client resumes on a new one and resends.
    /// </summary>
    public async Task<IReadOnlyList<ServerFrame>?> ExchangeAsync(ReadOnlyMemory<byte> utf8)
    {
        if (Admit(utf8.Span, out var refusal) is not { } frame)
        {
            return [refusal!];
        }

        var exchange = new Exchange(frame);
        if (!Enqueue(exchange))
        {
            return null;
        }

        try
        {
            return await exchange.Done.Task;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// A frame that parses and is within the rate limits; otherwise null and the error frame to answer. The frame is
    /// parsed first (bounded by the frame size) so that a rate_limited refusal names the dropped frame's
    /// <c>clientMsgId</c> and says when to resend it (<c>retryAfterMs</c>).
    /// </summary>
    private ClientFrame? Admit(ReadOnlySpan<byte> utf8, out ErrorFrame? refusal)
    {
        refusal = null;
        var frame = FrameParser.TryParse(utf8, out var error);
        if (!_limits.TryAcquire(
            _connectionLimiter, Principal.Tenant, Principal.Role, out var retryAfter, FrameCosts.Of(frame)))
        {
            GatewayMetrics.RateLimitedFrames.Inc();
            refusal = new ErrorFrame(
                ErrorCodes.RateLimited, "Too many frames; resend this one after retryAfterMs.",
                frame is null ? null : ClientCommands.ClientMsgIdOf(frame),
                (long)Math.Ceiling(retryAfter.TotalMilliseconds));
            return null;
        }

        if (frame is null)
        {
            refusal = new ErrorFrame(ErrorCodes.BadFrame, error ?? "Bad frame.");
        }

        return frame;
    }

    /// <summary>
    /// Queues input for the pump; a full queue means the client stopped keeping up, and ends the conversation.
    /// </summary>
    private bool Enqueue(ConversationInput input)
    {
        if (_inbound.TryWrite(input))
        {
            return true;
        }

        if (_inputEnded)
        {
            // Input after Drain or after the client left: the connection is closing anyway, not overrun.
            return false;
        }

        _outbound.Overrun();
        return false;
    }

    private void CancelWaitingExchanges()
    {
        while (_inbound.TryRead(out var left))
        {
            (left as Exchange)?.Done.TrySetCanceled(CancellationToken.None);
        }
    }
}
