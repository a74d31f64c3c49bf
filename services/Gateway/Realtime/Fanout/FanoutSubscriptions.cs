using DaprSupport.Contracts;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Realtime.Fanout;

/// <summary>
/// The pub/sub endpoints daprd calls (component <c>fanout</c>, one consumer group per replica): timeline items,
/// session changes, read receipts, queue positions and typing signals, each handed to <see cref="ReplicaFanout"/>.
/// </summary>
public static class FanoutSubscriptions
{
    public static IEndpointRouteBuilder MapFanoutSubscriptions(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events");
        events.MapPost("/timeline", OnTimelineItem)
            .SubscribesTo(Components.Fanout, Topics.Timeline);
        events.MapPost("/sessions", OnSessionChanged)
            .SubscribesTo(Components.Fanout, Topics.SessionLifecycle);
        events.MapPost("/reads", OnSessionRead)
            .SubscribesTo(Components.Fanout, Topics.SessionRead);
        events.MapPost("/queue-positions", OnQueuePositions)
            .SubscribesTo(Components.Fanout, Topics.QueuePositions);
        events.MapPost("/typing", OnTyping)
            .SubscribesTo(Components.Fanout, Topics.SessionTyping);
        return routes;
    }

    private static Ok OnTimelineItem(TimelineItem item, ReplicaFanout fanout, TimeProvider time)
    {
        GatewayMetrics.ItemAge.Observe(Math.Max(0, (time.GetUtcNow() - item.Ts).TotalSeconds));
        fanout.Deliver(item);
        return TypedResults.Ok();
    }

    private static Ok OnQueuePositions(QueuePositions positions, ReplicaFanout fanout)
    {
        fanout.Deliver(positions);
        return TypedResults.Ok();
    }

    private static Ok OnSessionChanged(SessionChanged change, ReplicaFanout fanout)
    {
        fanout.Deliver(change);
        return TypedResults.Ok();
    }

    private static Ok OnSessionRead(SessionRead read, ReplicaFanout fanout)
    {
        fanout.Deliver(read);
        return TypedResults.Ok();
    }

    private static Ok OnTyping(SessionTyping typing, ReplicaFanout fanout)
    {
        fanout.Deliver(typing);
        return TypedResults.Ok();
    }
}
