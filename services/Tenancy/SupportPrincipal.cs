namespace DaprSupport.Tenancy;

/// <summary>
/// Who a verified token speaks for: tenant, user, role (visitor, agent, supervisor), an agent's routing profile, and
/// a verified visitor's <paramref name="Priority"/> (0–<see cref="MaxPriority"/>, signed by the tenant's backend;
/// null for anyone else).
/// </summary>
public sealed record SupportPrincipal(
    string Tenant,
    string UserId,
    string Role,
    string? DisplayName,
    IReadOnlyList<string> Skills,
    int? Capacity,
    int? Priority = null)
{
    /// <summary>The highest priority a tenant's backend may sign for a visitor.</summary>
    public const int MaxPriority = 9;

    public bool Equals(SupportPrincipal? other) =>
        other is not null && Tenant == other.Tenant && UserId == other.UserId && Role == other.Role
        && DisplayName == other.DisplayName && Skills.SequenceEqual(other.Skills) && Capacity == other.Capacity
        && Priority == other.Priority;

    public override int GetHashCode() => HashCode.Combine(Tenant, UserId, Role, DisplayName, Capacity, Priority);
}
