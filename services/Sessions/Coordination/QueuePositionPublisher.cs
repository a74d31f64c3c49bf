using Dapr.Actors.Client;
using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Routing;

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

            await PublishEachAsync(tenant, await router.TakePositionChangesAsync());
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Publishing queue positions for tenant {Tenant} failed", tenant);
        }
    }

    /// <summary>Publishes queues a router turn already handed out (a dispatch turn's changes). Never throws.</summary>
    public async Task PublishChangesAsync(string tenant, IReadOnlyList<QueuePositions> changes)
    {
        try
        {
            await PublishEachAsync(tenant, changes);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Publishing queue positions for tenant {Tenant} failed", tenant);
        }
    }

    private async Task PublishEachAsync(string tenant, IReadOnlyList<QueuePositions> changes)
    {
        foreach (var positions in changes)
        {
            await dapr.PublishEventAsync(Components.PubSub, Topics.QueuePositions, positions,
                new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = tenant });
        }
    }
}
