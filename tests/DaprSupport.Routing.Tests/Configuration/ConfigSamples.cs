using System.Text.Json;
using DaprSupport.Configuration.Documents;

namespace DaprSupport.Routing.Tests.Configuration;

/// <summary>A complete, valid configuration document, as JSON, for the configuration tests.</summary>
internal static class ConfigSamples
{
    public const string Valid = """
        {
          "tenant": {
            "displayName": "Acme",
            "enabled": true,
            "widgetOrigins": ["https://www.acme.example", "http://127.0.0.1:8080"],
            "apiKeys": [{ "id": "main", "sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae" }]
          },
          "skillGroups": [
            { "name": "billing", "visibility": "public", "loadThreshold": 3, "overflowWaitSeconds": 120, "overflowTo": "general",
              "priorityWeight": 2, "offerTimeoutSeconds": 30, "firstResponseSeconds": 45, "resolutionSeconds": 1800, "assignment": "auto" },
            { "name": "general", "visibility": "internal", "loadThreshold": 5, "overflowWaitSeconds": 0,
              "priorityWeight": 1, "offerTimeoutSeconds": 20, "firstResponseSeconds": 60, "resolutionSeconds": 3600, "assignment": "manual" }
          ],
          "businessHours": {
            "timeZone": "Europe/Berlin",
            "weekly": [{ "day": "monday", "open": "09:00", "close": "17:30" }],
            "holidays": ["2026-12-25"],
            "offlineMessage": "We are closed; leave a message."
          },
          "blocks": { "userIds": ["mallory"], "visitorIds": ["v_0123456789abcdef0123456789abcdef"], "ips": ["203.0.113.7", "198.51.100.0/24", "2001:db8::/32"] },
          "rateLimits": { "tenantPerSecond": 1000, "tenantBurst": 2000, "connectionPerSecond": 10, "connectionBurst": 20 },
          "retention": { "historyDays": 90 },
          "widgetTexts": { "greeting": "Hi! How can we help?" }
        }
        """;

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public static TenantConfigDocument Document() => ConfigDocuments.Read(Json(Valid)).Document!;
}
