using Microsoft.Extensions.Logging;

namespace DaprSupport.Webhooks;

internal static partial class WebhookLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Queueing event {EventId} on webhook actor {ActorId} failed; "
            + "it and the later events for that actor are retried")]
    public static partial void QueueFailed(ILogger logger, Exception error, string eventId, string actorId);
}
