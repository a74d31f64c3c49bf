using DaprSupport.DaprEmulator.Engine;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// The components the routing fixtures run with: the repository's own actor state store (components/statestore.yaml,
/// on a test etcd), emulated Kafka and a sqlite history store; and the settings a service gets from its sidecar.
/// </summary>
internal static class RoutingComponents
{
    public static string[] All(string etcdEndpoint) => [PubSub, Fanout, RepoFiles.StateStoreComponent(etcdEndpoint), HistoryStore];

    /// <summary>The sidecar's environment (app id, Dapr endpoints and its token pair, when it has one) plus the service's own settings.</summary>
    public static Dictionary<string, string> Settings(Sidecar sidecar, Dictionary<string, string> extra)
    {
        foreach (var key in new[] { "APP_ID", "DAPR_HTTP_ENDPOINT", "DAPR_GRPC_ENDPOINT", ApiTokens.DaprApiTokenVariable, ApiTokens.AppApiTokenVariable })
        {
            if (sidecar.AppEnvironment.TryGetValue(key, out var value))
            {
                extra[key] = value;
            }
        }

        return extra;
    }

    private static string PubSub => $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {DaprSupport.Contracts.Components.PubSub}
        spec:
          type: pubsub.kafka
          version: v1
          metadata:
            - name: brokers
              value: "localhost:9092"
            - name: authType
              value: "none"
            - name: initialOffset
              value: "oldest"
            - name: backOffDuration
              value: "20ms"
        """;

    /// <summary>Like components/fanout.yaml: the same Kafka, each replica in its own consumer group.</summary>
    private static string Fanout => $$"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {{DaprSupport.Contracts.Components.Fanout}}
        spec:
          type: pubsub.kafka
          version: v1
          metadata:
            - name: brokers
              value: "localhost:9092"
            - name: authType
              value: "none"
            - name: consumerID
              value: "{appID}-{uuid}"
            - name: initialOffset
              value: "newest"
        scopes:
          - sessions
        """;

    private static string HistoryStore => $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {DaprSupport.Contracts.Components.HistoryStore}
        spec:
          type: state.sqlite
          version: v1
          metadata:
            - name: keyPrefix
              value: "name"
            - name: connectionString
              value: "file:history.db"
            - name: tableName
              value: "history"
        """;
}
