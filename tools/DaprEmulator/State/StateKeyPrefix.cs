using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// daprd's key prefixing (component metadata <c>keyPrefix</c>): <c>appid</c> (the default) gives <c>appid||key</c>,
/// <c>name</c> gives <c>storename||key</c>, <c>none</c> leaves keys alone, and anything else is a custom prefix
/// (lower-cased, as daprd does). Keys and prefixes may not contain <c>||</c>.
/// </summary>
internal static class StateKeyPrefix
{
    public const string Separator = "||";

    public static string Apply(ComponentSpec spec, string appId, string key)
    {
        if (key.Contains(Separator, StringComparison.Ordinal))
        {
            throw StateApiException.IllegalKey(key);
        }

        var strategy = (spec.Get("keyPrefix") ?? string.Empty).ToLowerInvariant();
        return strategy switch
        {
            "" or "appid" => string.IsNullOrEmpty(appId) ? key : appId + Separator + key,
            "name" => spec.Name + Separator + key,
            "none" => key,
            // daprd's "namespace" strategy falls back to appid when NAMESPACE is unset, as it is here.
            "namespace" => appId + Separator + key,
            _ => strategy + Separator + key,
        };
    }

    /// <summary>The key the app used: the part after the first separator, as daprd's GetOriginalStateKey.</summary>
    public static string Original(string storedKey)
    {
        var parts = storedKey.Split(Separator);
        return parts.Length <= 1 ? storedKey : parts[1];
    }
}
