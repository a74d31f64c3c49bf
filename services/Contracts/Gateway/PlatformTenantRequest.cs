namespace DaprSupport.Contracts.Gateway;

/// <summary>
/// <c>POST /v1/platform/tenants</c>: open a tenant (its first configuration version) or change an existing one's
/// display name or enabled flag. <see cref="ApiKey"/> is added as a key (stored as its SHA-256 only).
/// </summary>
public sealed record PlatformTenantRequest(
    string? Tenant, string? DisplayName = null, bool? Enabled = null, string? ApiKey = null);

/// <summary>The tenant's configuration version after the change.</summary>
public sealed record PlatformTenantResponse(string Tenant, long Version, bool Enabled);
