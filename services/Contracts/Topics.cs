namespace DaprSupport.Contracts;

/// <summary>Pub/sub topic names. Every event on a session topic is published with partitionKey = session id.</summary>
public static class Topics
{
    /// <summary>Timeline items (messages and events) of every session.</summary>
    public const string Timeline = "support.timeline";

    /// <summary>Session lifecycle changes (queued, offered, assigned, transferred, resolved, reopened).</summary>
    public const string SessionLifecycle = "support.sessions";

    /// <summary>Agent presence and load changes.</summary>
    public const string AgentPresence = "support.agents";

    /// <summary>SLA threshold breaches.</summary>
    public const string SlaBreached = "support.sla-breached";

    /// <summary>Routing wake-ups (offer timeouts, overflow moments): a tenant's queue needs a dispatch pass.</summary>
    public const string RoutingWakeUp = "support.routing";

    /// <summary>Read receipts: a participant's read mark in a session moved forward.</summary>
    public const string SessionRead = "support.reads";

    /// <summary>
    /// Typing signals (<see cref="Sessions.SessionTyping"/>): published by the gateway on the fanout component,
    /// partition key = session id; ephemeral, never stored.
    /// </summary>
    public const string SessionTyping = "support.typing";

    /// <summary>
    /// Queue positions of a tenant's skill queues after they moved
    /// (<see cref="Routing.QueuePositions"/>, partition key = tenant).
    /// </summary>
    public const string QueuePositions = "support.queue-positions";

    /// <summary>
    /// A tenant's configuration changed (a new signed version; partition key = tenant). Every replica reads it.
    /// </summary>
    public const string TenantConfigChanged = "support.tenant-config";

    /// <summary>Dead-letter topic for events no subscriber could process.</summary>
    public const string DeadLetter = "support.deadletter";

    /// <summary>Metadata key daprd's Kafka component uses as the record key.</summary>
    public const string PartitionKeyMetadata = "partitionKey";
}
