using DaprSupport.ServiceDefaults;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Timeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway;

/// <summary>Pub/sub endpoints daprd calls: timeline items for the sockets this replica holds.</summary>
public static class TimelineEvents
{
    public static IEndpointRouteBuilder MapTimelineEvents(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events");
        events.MapPost("/timeline", OnTimelineItem)
            .SubscribesTo(Components.Fanout, Topics.Timeline);
        return routes;
    }

    private static Ok OnTimelineItem(TimelineItem item, TimelineFanout fanout)
    {
        fanout.Deliver(item);
        return TypedResults.Ok();
    }
}
