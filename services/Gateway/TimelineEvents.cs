using DaprSupport.Contracts;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway;

/// <summary>Pub/sub endpoints daprd calls: timeline items, session changes, read receipts and queue positions for the connections this replica holds.</summary>
public static class TimelineEvents
{
    public static IEndpointRouteBuilder MapTimelineEvents(this IEndpointRouteBuilder routes)
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
        return routes;
    }

    private static Ok OnTimelineItem(TimelineItem item, TimelineFanout fanout, TimeProvider time)
    {
        GatewayMetrics.ItemAge.Observe(Math.Max(0, (time.GetUtcNow() - item.Ts).TotalSeconds));
        fanout.Deliver(item);
        return TypedResults.Ok();
    }

    private static Ok OnQueuePositions(QueuePositions positions, PositionFanout fanout)
    {
        fanout.Deliver(positions);
        return TypedResults.Ok();
    }

    private static Ok OnSessionChanged(SessionChanged change, SessionFanout fanout)
    {
        fanout.Deliver(change);
        return TypedResults.Ok();
    }

    private static Ok OnSessionRead(SessionRead read, ReadFanout fanout)
    {
        fanout.Deliver(read);
        return TypedResults.Ok();
    }
}
