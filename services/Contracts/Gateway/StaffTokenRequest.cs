namespace DaprSupport.Contracts.Gateway;

/// <summary>
/// <c>POST /v1/auth/token</c>: a tenant's trusted backend asks for an agent or supervisor token, proving itself with
/// the tenant's API key. Skills and capacity travel in the token and become the agent's routing profile.
/// </summary>
public sealed record StaffTokenRequest(
    string? Tenant,
    string? ApiKey,
    string? UserId,
    string? Role,
    string? DisplayName,
    IReadOnlyList<string>? Skills,
    int? Capacity);
