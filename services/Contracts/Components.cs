namespace DaprSupport.Contracts;

/// <summary>Names of the Dapr components (metadata.name in components/ and deploy/k8s/).</summary>
public static class Components
{
    /// <summary>Pub/sub: Kafka in production, partition key = session id.</summary>
    public const string PubSub = "pubsub";

    /// <summary>
    /// The same Kafka cluster as <see cref="PubSub"/>, read with a consumer group per replica (templated
    /// <c>consumerID</c>) so every gateway replica sees every timeline item for the sockets it holds.
    /// </summary>
    public const string Fanout = "fanout";

    /// <summary>
    /// Hot coordination state and actor state: etcd (state.etcd v1; see components/statestore.yaml for why not v2).
    /// </summary>
    public const string StateStore = "statestore";

    /// <summary>
    /// Message history: sqlite locally, Postgres in production. Message bodies live here, never in etcd.
    /// </summary>
    public const string HistoryStore = "historystore";
}
