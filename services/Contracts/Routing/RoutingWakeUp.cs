namespace DaprSupport.Contracts.Routing;

/// <summary>
/// Published by a router's reminder: the tenant's queue needs a dispatch pass (an offer lapsed, an overflow wait
/// passed, an offline agent's grace ran out); or by a session actor whose agent did not answer in time, naming the
/// session to take from its agent (<see cref="Requeue"/>).
/// </summary>
public sealed record RoutingWakeUp(string Tenant, Unattended? Requeue = null);

/// <summary>
/// An assigned session to take from its agent and queue for another, for <see cref="Reason"/>
/// (<c>RequeueReasons</c>).
/// </summary>
public sealed record Unattended(string SessionId, string AgentId, string Reason);
