using System.Text.Json.Serialization;

namespace DaprSupport.Configuration.Leases;

/// <summary>How a lease call ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeaseOutcome>))]
public enum LeaseOutcome
{
    /// <summary>
    /// The caller holds the lease now (a new grant, or the same owner asking again while it holds it).
    /// </summary>
    Granted,

    /// <summary>The holder's lease was extended.</summary>
    Renewed,

    /// <summary>The holder gave the lease up; the next acquirer gets it at once.</summary>
    Released,

    /// <summary>Someone else holds an unexpired lease.</summary>
    Held,

    /// <summary>The caller is not the holder, or names another grant's fencing token.</summary>
    NotOwner,

    /// <summary>The caller's lease ran out before it renewed; it must acquire again (a new fencing token).</summary>
    Expired,

    /// <summary>The request is malformed (no owner, a TTL out of range).</summary>
    Invalid,

    /// <summary>
    /// The lock store cannot do this: Dapr's lock API has no renewal (<see cref="DaprLockLeaseLock"/>).
    /// </summary>
    Unsupported,
}
