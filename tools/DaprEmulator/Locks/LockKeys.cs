using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.DaprEmulator.Locks;

/// <summary>
/// The key a sidecar hands its lock store for a resource id (daprd pkg/components/lock/lock_config.go):
/// <c>lock||{appId}||{resourceId}</c> by default (<c>keyPrefix: appid</c>), <c>lock||{store}||{id}</c> for <c>name</c>,
/// <c>lock||{id}</c> for <c>none</c>, <c>lock||{prefix}||{id}</c> for anything else. Neither may contain <c>||</c>.
/// </summary>
public static class LockKeys
{
    public const string Separator = "||";

    public static string Strategy(ComponentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var given = spec.Get("keyPrefix");
        if (string.IsNullOrEmpty(given))
        {
            return "appid";
        }

        return given.Contains(Separator, StringComparison.Ordinal)
            ? throw new EmulatorConfigurationException($"{spec.SourceFile}: input key/keyPrefix '{given}' can't contain '{Separator}'")
            : given.ToLowerInvariant();
    }

    /// <summary>The modified key, or null when the resource id contains the separator (daprd answers ERR_TRY_LOCK / ERR_UNLOCK).</summary>
    public static string? Modified(string resourceId, string storeName, string strategy, string appId)
    {
        if (resourceId.Contains(Separator, StringComparison.Ordinal))
        {
            return null;
        }

        return strategy switch
        {
            "none" => "lock" + Separator + resourceId,
            "name" => string.Join(Separator, "lock", storeName, resourceId),
            "appid" => appId.Length == 0 ? "lock" + Separator + resourceId : string.Join(Separator, "lock", appId, resourceId),
            _ => string.Join(Separator, "lock", strategy, resourceId),
        };
    }
}
