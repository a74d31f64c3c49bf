using Dapr.Actors;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// One visitor's open sessions (actor id: tenant and visitor id), so a visitor holds at most a configured number at
/// once, across every gateway replica. It calls only session actors (to see which of its sessions ended), which never
/// call it: turns cannot deadlock.
/// </summary>
public interface IVisitorActor : IActor
{
    /// <summary>
    /// Takes a slot for the session (again, for one it already holds); refused when the visitor holds max.
    /// </summary>
    Task<VisitorAdmission> AdmitAsync(AdmitRequest request);

    /// <summary>
    /// The visitor's most recent sessions (open and ended, newest first, at most
    /// <see cref="VisitorSessionSummary.MaxRemembered"/>), each with its status now.
    /// </summary>
    Task<IReadOnlyList<VisitorSessionSummary>> GetSessionsAsync();
}

public sealed record AdmitRequest(string SessionId, int MaxOpen);

/// <summary>Whether the session may open, and how many the visitor holds now (it included when admitted).</summary>
public sealed record VisitorAdmission(bool Admitted, int Open);

/// <summary>One of a visitor's sessions, as staff see it in the visitor's details.</summary>
public sealed record VisitorSessionSummary(
    string SessionId, SessionStatus Status, string? Skill, DateTimeOffset? CreatedAt, DateTimeOffset? ResolvedAt)
{
    /// <summary>How many sessions a visitor actor remembers (the oldest forgotten first).</summary>
    public const int MaxRemembered = 20;
}
