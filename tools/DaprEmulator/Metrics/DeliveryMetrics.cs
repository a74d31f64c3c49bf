using System.Net;
using DaprSupport.DaprEmulator.PubSub;

namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>
/// How daprd's HTTP postman labels one delivery attempt in <c>dapr_component_pubsub_ingress_count</c> (dapr/dapr
/// v1.17.0 <c>pkg/runtime/subscription/postman/http/http.go</c> <c>Deliver</c>): success for a 2xx with an empty,
/// unparsable, empty-status or SUCCESS body; retry for RETRY, an unknown status, a non-2xx other than 404 or an
/// unreachable app; a DROP body is process status drop with status success; a 404 is drop with status drop.
/// </summary>
internal static class DeliveryMetrics
{
    public static void Count(SidecarMetrics metrics, string component, string topic, HttpStatusCode status, DeliveryOutcome outcome)
    {
        var (process, result) = Labels(status, outcome);
        metrics.PubsubIngress(component, topic, process, result);
    }

    public static void CountUnreachable(SidecarMetrics metrics, string component, string topic) =>
        metrics.PubsubIngress(component, topic, Retry, Retry);

    /// <summary>The (process_status, status) labels of an answered delivery.</summary>
    public static (string ProcessStatus, string Status) Labels(HttpStatusCode status, DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Success => (Success, Success),
        DeliveryOutcome.Drop when status == HttpStatusCode.NotFound => (Drop, Drop),
        DeliveryOutcome.Drop => (Drop, Success),
        _ => (Retry, Retry),
    };

    private const string Success = "success";
    private const string Retry = "retry";
    private const string Drop = "drop";
}
