namespace DaprSupport.Gateway.Http;

/// <summary>
/// Section <c>Platform</c>: the key platform operators send as <c>X-Platform-Key</c> (a secret; unset: the platform
/// routes refuse everyone).
/// </summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    public const string KeyHeader = "X-Platform-Key";

    public const int MinKeyLength = 32;

    public string? Key { get; set; }
}
