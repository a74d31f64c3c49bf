using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Tests.Unit.Fakes;

/// <summary>Sessions, items and principals for unit tests: one tenant, a visitor, two agents, a supervisor.</summary>
internal static class Sample
{
    public const string Tenant = "acme";
    public const string SessionId = "s-00000000000000000000000000000001";
    public const string VisitorId = "v1";
    public const string AgentId = "a1";
    public const string OtherAgentId = "a2";

    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static SupportPrincipal Visitor { get; } = new(Tenant, VisitorId, Roles.Visitor, "Vera", [], null);

    public static SupportPrincipal Agent { get; } = new(Tenant, AgentId, Roles.Agent, "Ann", ["billing"], 2);

    public static SupportPrincipal Supervisor { get; } = new(Tenant, "sup1", Roles.Supervisor, "Sam", [], null);

    public static SessionSnapshot Session(
        SessionStatus status = SessionStatus.Queued, long lastSeq = 0, long version = 1, string? agentId = null) =>
        new(Tenant, SessionId, status, "billing", VisitorId, agentId, lastSeq, Version: version);

    public static SessionSnapshot AssignedTo(string agentId, long version, long lastSeq = 0) =>
        Session(SessionStatus.Assigned, lastSeq, version, agentId);

    public static TimelineItem Item(long seq, string sessionId = SessionId) =>
        new(Tenant, sessionId, seq, TimelineItemKind.Text, null, new Participant(Roles.Visitor, VisitorId, null),
            "text " + seq, T0.AddSeconds(seq), "m" + seq);

    public static SessionChanged Changed(SessionSnapshot session, int secondsAfterT0 = 1) =>
        new(session, "changed", T0.AddSeconds(secondsAfterT0));
}
