using System.Net;
using System.Text.Json;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>How an app answered a delivery (reference/api/pubsub_api, "Expected HTTP Response").</summary>
public enum DeliveryOutcome
{
    Success,
    Retry,
    Drop,
}

internal static class DeliveryOutcomes
{
    /// <summary>
    /// 2xx: the body's <c>status</c> decides (SUCCESS, RETRY, DROP; an empty or unparsable body or an empty status is
    /// SUCCESS; any other status is retried). 404: dropped. Any other status: retried.
    /// </summary>
    public static DeliveryOutcome From(HttpStatusCode status, byte[] body)
    {
        var code = (int)status;
        if (code is >= 200 and <= 299)
        {
            string? appStatus;
            try
            {
                using var doc = JsonDocument.Parse(body);
                appStatus = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("status", out var s)
                    && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            }
            catch (JsonException)
            {
                return DeliveryOutcome.Success;
            }

            return appStatus switch
            {
                null or "" or "SUCCESS" => DeliveryOutcome.Success,
                "DROP" => DeliveryOutcome.Drop,
                _ => DeliveryOutcome.Retry,
            };
        }

        return code == 404 ? DeliveryOutcome.Drop : DeliveryOutcome.Retry;
    }
}
