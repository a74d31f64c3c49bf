namespace DaprSupport.Configuration.Signing;

/// <summary>
/// Section <c>TenantConfig:Signing</c>: the HMAC keys by key id (each at least 32 bytes, from a secret outside
/// Development) and the id new versions are signed with. Rotation: add the new key everywhere, then switch
/// <see cref="CurrentKeyId"/>; versions signed with the old key verify until it is removed.
/// </summary>
public sealed class ConfigSigningOptions
{
    public const string Section = "TenantConfig:Signing";

    public const int MinKeyBytes = 32;

    /// <summary>Used only in Development when no key is configured, so local services agree.</summary>
    public const string DevelopmentKeyId = "dev";

    public const string DevelopmentKey = "daprsupport-development-only-config-key-0123456789";

    public string CurrentKeyId { get; set; } = "";

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}
