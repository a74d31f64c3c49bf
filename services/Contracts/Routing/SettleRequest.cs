using DaprSupport.Contracts.Agents;

namespace DaprSupport.Contracts.Routing;

/// <summary>
/// A session left the queues (accepted, resolved): the router forgets it and any offer for it, and takes the new view
/// of the agent it went to or came from (null: no agent, or the router holds that version already), in one turn.
/// </summary>
public sealed record SettleRequest(string SessionId, AgentSnapshot? Agent);
