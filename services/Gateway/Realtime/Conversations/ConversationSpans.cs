using System.Diagnostics;
using DaprSupport.Gateway.Protocol;
using DaprSupport.ServiceDefaults;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// The conversation's spans. Each client frame is a new root (a connection lives for hours; its upgrade request's span
/// would otherwise parent every frame) linked to the connection's span; each pushed input is a <c>ws.push</c> child of
/// the delivery that brought it, written where the pump turns it into frames for this connection.
/// </summary>
internal static class ConversationSpans
{
    public const string FrameSpan = "ws.frame";
    public const string PushSpan = "ws.push";

    public static Activity? StartFrame(ClientFrame frame, SupportPrincipal principal, ActivityContext connection)
    {
        Activity.Current = null;
        var span = Telemetry.Source.StartActivity(FrameSpan, ActivityKind.Server, default(ActivityContext),
            links: connection == default ? null : [new ActivityLink(connection)]);
        if (span is not null)
        {
            span.DisplayName = $"{FrameSpan} {FrameType(frame)}";
            span.SetTag("frame.type", FrameType(frame));
            Tag(span, principal);
            if (SessionIdOf(frame) is { } sessionId)
            {
                span.SetTag("session.id", sessionId);
            }
        }

        return span;
    }

    public static Activity? StartPush(
        string kind, SupportPrincipal principal, ActivityContext delivery, ActivityContext connection)
    {
        Activity.Current = null;
        var span = Telemetry.Source.StartActivity(PushSpan, ActivityKind.Producer, delivery,
            links: connection == default ? null : [new ActivityLink(connection)]);
        if (span is not null)
        {
            span.SetTag("push.kind", kind);
            Tag(span, principal);
        }

        return span;
    }

    /// <summary>Records the frame's outcome: ok, or the code of the error frame it was answered with.</summary>
    public static void Outcome(Activity? span, string? errorCode)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("frame.outcome", errorCode ?? "ok");
        if (errorCode is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, errorCode);
        }
    }

    private static void Tag(Activity span, SupportPrincipal principal)
    {
        span.SetTag("tenant", principal.Tenant);
        span.SetTag("role", principal.Role);
        span.SetTag("enduser.id", VisitorHandles.Loggable(principal));
    }

    private static string FrameType(ClientFrame frame)
    {
        var name = frame.GetType().Name;
        return (name.EndsWith("Frame", StringComparison.Ordinal) ? name[..^"Frame".Length] : name).ToLowerInvariant();
    }

    private static string? SessionIdOf(ClientFrame frame) => frame switch
    {
        SendFrame f => f.SessionId,
        ReadFrame f => f.SessionId,
        AcceptFrame f => f.SessionId,
        TransferFrame f => f.SessionId,
        ResolveFrame f => f.SessionId,
        TypingFrame f => f.SessionId,
        NoteFrame f => f.SessionId,
        _ => null,
    };
}

/// <summary>Passes a frame's answers on and remembers the first error code among them, for the frame's span.</summary>
internal sealed class OutcomeSink(IFrameSink inner) : IFrameSink
{
    public string? ErrorCode { get; private set; }

    public void Emit(ServerFrame frame)
    {
        if (frame is ErrorFrame error)
        {
            ErrorCode ??= error.Code;
        }

        inner.Emit(frame);
    }
}
