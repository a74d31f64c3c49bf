namespace DaprSupport.Configuration.Leases;

/// <summary>
/// Section <c>Leases</c>: <see cref="LockStore"/> names a Dapr lock component (<c>lock.redis</c>) to take leases from
/// through Dapr's distributed lock API instead of the lease actors. Empty (the default): lease actors.
/// </summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    public string? LockStore { get; set; }
}
