using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// Topic scoping of a pub/sub component for one app, as daprd reads it (dapr/dapr pkg/scopes/scopes.go,
/// pkg/runtime/pubsub/adapter.go <c>IsOperationAllowed</c>). Metadata names match case-insensitively; spaces are
/// removed from the values. <c>publishingScopes</c>/<c>subscriptionScopes</c> are <c>app1=t1,t2;app2=t3</c>: an app
/// listed may use only its topics (<c>app1=</c> lists the empty topic, so none), an app not listed may use any topic.
/// <c>allowedTopics</c> (<c>t1,t2</c>) limits every app to those topics; <c>protectedTopics</c> may be used only by apps
/// that list them in their scope.
/// </summary>
public sealed class TopicScopes
{
    public const string SubscriptionScopes = "subscriptionScopes";
    public const string PublishingScopes = "publishingScopes";
    public const string AllowedTopics = "allowedTopics";
    public const string ProtectedTopics = "protectedTopics";

    private readonly IReadOnlyList<string> _allowed;
    private readonly IReadOnlyList<string> _protected;
    private readonly IReadOnlyList<string> _publishing;
    private readonly IReadOnlyList<string> _subscribing;

    private TopicScopes(IReadOnlyDictionary<string, string> metadata, string appId)
    {
        _allowed = Topics(metadata.GetValueOrDefault(AllowedTopics));
        _protected = Topics(metadata.GetValueOrDefault(ProtectedTopics));
        _publishing = ScopedTopics(metadata.GetValueOrDefault(PublishingScopes), appId);
        _subscribing = ScopedTopics(metadata.GetValueOrDefault(SubscriptionScopes), appId);
    }

    /// <summary>The scoping of a component for an app (the component's metadata must be case-insensitive, as specs are).</summary>
    public static TopicScopes For(ComponentSpec spec, string appId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TopicScopes(spec.Metadata, appId);
    }

    public bool MayPublish(string topic) => IsAllowed(topic, _publishing);

    public bool MaySubscribe(string topic) => IsAllowed(topic, _subscribing);

    private bool IsAllowed(string topic, IReadOnlyList<string> scoped)
    {
        if (_allowed.Count > 0 && !_allowed.Contains(topic, StringComparer.Ordinal))
        {
            return false;
        }

        var isProtected = _protected.Contains(topic, StringComparer.Ordinal);
        return (!isProtected && scoped.Count == 0) || scoped.Contains(topic, StringComparer.Ordinal);
    }

    private static List<string> Topics(string? value) =>
        string.IsNullOrEmpty(value) ? [] : [.. value.Replace(" ", string.Empty, StringComparison.Ordinal).Split(',').Distinct(StringComparer.Ordinal)];

    private static List<string> ScopedTopics(string? value, string appId)
    {
        var topics = new List<string>();
        if (string.IsNullOrEmpty(value))
        {
            return topics;
        }

        foreach (var entry in value.Replace(" ", string.Empty, StringComparison.Ordinal).Split(';'))
        {
            var parts = entry.Split('=');
            if (parts.Length < 2 || parts[0] != appId)
            {
                continue;
            }

            topics.AddRange(parts[1].Split(',').Where(t => !topics.Contains(t, StringComparer.Ordinal)));
        }

        return topics;
    }
}
