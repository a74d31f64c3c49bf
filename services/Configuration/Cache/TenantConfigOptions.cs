namespace DaprSupport.Configuration.Cache;

/// <summary>
/// Section <c>TenantConfig</c>: how often a replica compares its cache with the catalog (the safety net under change
/// events).
/// </summary>
public sealed class TenantConfigOptions
{
    public const string Section = "TenantConfig";

    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
