namespace DaprSupport.Contracts.Routing;

/// <summary>
/// Published by a router's reminder: the tenant's queue needs a dispatch pass
/// (an offer lapsed, an overflow wait passed).
/// </summary>
public sealed record RoutingWakeUp(string Tenant);
