namespace DaprSupport.Contracts.Sessions;

/// <summary>Why an agent's offer ended without its accept (the <c>offer_ended</c> frame's <c>reason</c>).</summary>
public static class OfferEndReasons
{
    /// <summary>Another agent accepted it first (manual claim mode).</summary>
    public const string Taken = "taken";

    /// <summary>The agent declined it.</summary>
    public const string Declined = "declined";

    /// <summary>The offer timed out.</summary>
    public const string Expired = "expired";

    /// <summary>The router took it back (the agent went offline or could not take it, the visitor left).</summary>
    public const string Withdrawn = "withdrawn";
}

/// <summary>
/// An agent whose offer of the session ended with this change, and why (<see cref="OfferEndReasons"/>).
/// </summary>
public sealed record EndedOffer(string AgentId, string Reason);
