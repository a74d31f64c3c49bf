namespace DaprSupport.Tenancy;

/// <summary>
/// Who a verified token speaks for: tenant, user, role (visitor, agent, supervisor) and an agent's routing profile.
/// </summary>
public sealed record SupportPrincipal(
    string Tenant,
    string UserId,
    string Role,
    string? DisplayName,
    IReadOnlyList<string> Skills,
    int? Capacity);
