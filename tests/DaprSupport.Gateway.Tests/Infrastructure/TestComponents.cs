namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// The components of components/ with in-memory stand-ins: actor state and history in memory, and pubsub + fanout
/// as the emulator's in-memory Kafka (one cluster per emulator, shared by both components as in production).
/// </summary>
internal static class TestComponents
{
    public static string[] All { get; } =
    [
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
          metadata:
          - name: actorStateStore
            value: "true"
        """,
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: historystore
        spec:
          type: state.in-memory
          version: v1
          metadata:
          - name: keyPrefix
            value: "name"
        """,
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: pubsub.kafka
          version: v1
          metadata:
          - name: brokers
            value: "kafka.gateway-tests:9092"
          - name: authType
            value: "none"
          - name: initialOffset
            value: "oldest"
        scopes:
        - sessions
        - agents
        """,
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: fanout
        spec:
          type: pubsub.kafka
          version: v1
          metadata:
          - name: brokers
            value: "kafka.gateway-tests:9092"
          - name: authType
            value: "none"
          - name: consumerID
            value: "{appID}-{uuid}"
          - name: initialOffset
            value: "newest"
        scopes:
        - gateway
        - sessions
        """,
    ];
}
