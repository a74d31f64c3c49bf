namespace DaprSupport.Sessions.Routing;

/// <summary>Which rule of the routing order picked the agent.</summary>
public enum MatchTier
{
    /// <summary>Nobody eligible: the session waits.</summary>
    None = 0,

    /// <summary>A skilled agent below the load threshold (least load, then longest idle).</summary>
    SkilledBelowThreshold = 1,

    /// <summary>A skilled agent below capacity (least load, then longest idle).</summary>
    SkilledBelowCapacity = 2,

    /// <summary>After the overflow wait, any online agent of the tenant below capacity.</summary>
    Overflow = 3,
}
