using DaprSupport.Contracts.Events;

namespace DaprSupport.Configuration.Documents;

/// <summary>The checks of the document's <c>/webhooks</c>, each error named by its JSON pointer.</summary>
public static class WebhookRules
{
    public const int MaxEndpoints = 10;
    public const int MinSecretLength = 24;
    public const int MaxSecrets = 2;

    public static IReadOnlySet<string> PublicTopics { get; } =
        EventCatalog.All.Where(t => t.Public).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);

    public static void Check(List<WebhookEndpoint> endpoints, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(errors);
        if (endpoints.Count > MaxEndpoints)
        {
            errors.Add(new ConfigError("/webhooks", $"At most {MaxEndpoints} webhook endpoints."));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var at = $"/webhooks/{i}";
            if (endpoints[i] is not { } endpoint)
            {
                errors.Add(new ConfigError(at, "A webhook endpoint is an object."));
                continue;
            }

            if (!TenantConfigRules.IsId(endpoint.Id) || !ids.Add(endpoint.Id))
            {
                errors.Add(new ConfigError(at + "/id", "Each endpoint needs a unique id."));
            }

            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")
                || !string.IsNullOrEmpty(url.UserInfo) || url.Fragment.Length > 0)
            {
                errors.Add(new ConfigError(at + "/url", "An absolute http(s) URL without credentials or fragment."));
            }

            if (endpoint.Events.Count == 0)
            {
                errors.Add(new ConfigError(at + "/events", "Name at least one public topic."));
            }

            for (var e = 0; e < endpoint.Events.Count; e++)
            {
                if (endpoint.Events[e] is not { } topic || !PublicTopics.Contains(topic))
                {
                    errors.Add(new ConfigError(
                        $"{at}/events/{e}",
                        "Not a public topic; one of: "
                        + string.Join(", ", PublicTopics.Order(StringComparer.Ordinal)) + "."));
                }
            }

            if (endpoint.Secrets.Count is 0 or > MaxSecrets)
            {
                errors.Add(new ConfigError(at + "/secrets", $"One or {MaxSecrets} secrets (two while rotating)."));
            }

            for (var s = 0; s < endpoint.Secrets.Count; s++)
            {
                if (endpoint.Secrets[s] is not { Length: >= MinSecretLength and <= 256 })
                {
                    errors.Add(new ConfigError(
                        $"{at}/secrets/{s}", $"A secret has {MinSecretLength}–256 characters."));
                }
            }
        }
    }
}
