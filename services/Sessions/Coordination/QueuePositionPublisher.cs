using Dapr.Actors.Client;
using Dapr.Client;
using DaprSupport.Contracts;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// Publishes the queue positions the router reports as changed (<see cref="Topics.QueuePositions"/>).
/// </summary>
public sealed class QueuePositionPublisher(
    IActorProxyFactory actors, DaprClient dapr, ILogger<QueuePositionPublisher> logger)
{
    /// <summary>
    /// Publishes every skill queue of the tenant whose order changed since the router last handed it out (one router
    /// call), and the queues of <paramref name="republish"/> whether they changed or not. Never throws: positions are a
    /// courtesy to waiting visitors and must not fail the operation; a lost update is corrected by the next change of
    /// that queue.
    /// </summary>
    public async Task PublishAsync(string tenant, string[]? republish = null)
    {
        try
        {
            var router = actors.Router(tenant);
            if (republish is { Length: > 0 })
            {
                await router.RepublishAsync(republish);
            }

            foreach (var positions in await router.TakePositionChangesAsync())
            {
                await dapr.PublishEventAsync(Components.PubSub, Topics.QueuePositions, positions,
                    new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = tenant });
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Publishing queue positions for tenant {Tenant} failed", tenant);
        }
    }
}
