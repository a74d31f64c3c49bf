namespace DaprSupport.Tenancy;

/// <summary>
/// A tenant as configured (section <c>Tenants</c>): its API keys and the web origins its widget may use.
/// </summary>
public sealed class TenantOptions
{
    public List<string> ApiKeys { get; init; } = [];

    public List<string> AllowedOrigins { get; init; } = [];

    public List<string> BlockedUsers { get; init; } = [];
}
