namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// A start outside the tenant's business hours: the visitor's start, and the offline message the ticket shows.
/// </summary>
public sealed record OfflineStart(CreateSessionRequest Start, string Message);

/// <summary>
/// A housekeeping change (<see cref="HousekeepActions"/>) decided on the session at <paramref name="ExpectedVersion"/>;
/// the session actor applies it only while the session is still at that version (anything that happened since, a
/// visitor's message included, makes the decision stale, and a second job run deciding on the same version finds it
/// changed).
/// </summary>
public sealed record HousekeepRequest(string Action, long ExpectedVersion);

public static class HousekeepActions
{
    /// <summary>An offline ticket whose tenant's hours have opened: queued.</summary>
    public const string Open = "open";

    /// <summary>A queued session whose visitor has been gone too long: abandoned (resolved, unanswered).</summary>
    public const string Abandon = "abandon";

    /// <summary>An assigned session idle too long: resolved.</summary>
    public const string Resolve = "resolve";
}
