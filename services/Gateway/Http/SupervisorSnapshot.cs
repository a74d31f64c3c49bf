using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sla;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// What the supervisor console shows: agents with load against capacity and their current chats, per skill the
/// waiting sessions with their positions and the oldest wait, and the SLA figures of the rolling window (null when
/// the sessions service could not give them). A pure projection of the router's <see cref="QueueSnapshot"/> and the
/// tenant's <see cref="SlaReport"/>; visitors appear only by their handle (<see cref="VisitorHandles"/>).
/// </summary>
public sealed record SupervisorSnapshot(
    DateTimeOffset At, IReadOnlyList<SupervisorAgent> Agents, IReadOnlyList<SupervisorQueue> Queues, int OpenOffers,
    SupervisorSla? Sla, IReadOnlyList<SupervisorTakenChat> TakenOver)
{
    public static SupervisorSnapshot From(QueueSnapshot snapshot, SlaReport? sla, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var offers = snapshot.Offers.ToLookup(o => o.AgentId);
        var known = (sla?.Chats ?? []).ToDictionary(c => c.SessionId, StringComparer.Ordinal);
        var agents = snapshot.Agents
            .OrderBy(a => a.AgentId, StringComparer.Ordinal)
            .Select(a => new SupervisorAgent(
                a.AgentId, Presence(a.Presence), a.Skills, a.Capacity, a.Load, a.Sessions, offers[a.AgentId].Count(),
                [.. a.Sessions.Select(id => Chat(snapshot.Tenant, id, known.GetValueOrDefault(id)))]))
            .ToList();
        var skills = snapshot.Waiting.Select(w => w.Skill)
            .Concat(snapshot.Offers.Select(o => o.Skill))
            .Concat(snapshot.Agents.SelectMany(a => a.Skills))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var queues = skills.Select(skill =>
        {
            var waiting = snapshot.Waiting.Where(w => w.Skill == skill).OrderBy(w => w.Position).ToList();
            var oldest = waiting.Count == 0 ? TimeSpan.Zero : now - waiting.Min(w => w.EnqueuedAt);
            return new SupervisorQueue(
                skill, waiting.Count, (long)Math.Max(0, oldest.TotalMilliseconds),
                snapshot.Offers.Count(o => o.Skill == skill),
                [.. waiting.Select(w => new SupervisorWaiting(w.SessionId, w.Position, w.Priority, w.EnqueuedAt))]);
        }).ToList();
        var agentIds = snapshot.Agents.Select(a => a.AgentId).ToHashSet(StringComparer.Ordinal);
        var takenOver = (sla?.Chats ?? [])
            .Where(c => !agentIds.Contains(c.AgentId))
            .Select(c => new SupervisorTakenChat(
                c.AgentId, c.SessionId, c.VisitorId is { } v ? VisitorHandles.Of(snapshot.Tenant, v) : null, c.Skill,
                c.Since))
            .ToList();
        var figures = sla is null ? null : new SupervisorSla(sla.WindowSeconds, sla.Overall, sla.Skills);
        return new SupervisorSnapshot(now, agents, queues, snapshot.Offers.Count, figures, takenOver);
    }

    /// <summary>
    /// One of an agent's chats; the router's list is the truth, the SLA ledger adds the visitor and since when
    /// (null for a chat the ledger has not heard of).
    /// </summary>
    private static SupervisorChat Chat(string tenant, string sessionId, LiveChat? known) =>
        new(sessionId,
            known?.VisitorId is { } visitor ? VisitorHandles.Of(tenant, visitor) : null,
            known?.Skill,
            known?.Since);

    private static string Presence(AgentPresence presence) => presence switch
    {
        AgentPresence.Online => "online",
        AgentPresence.Away => "away",
        _ => "offline",
    };
}

public sealed record SupervisorAgent(
    string AgentId, string Status, IReadOnlyList<string> Skills, int Capacity, int Load,
    IReadOnlyList<string> Sessions, int OpenOffers, IReadOnlyList<SupervisorChat> Chats);

/// <summary>A chat an agent holds: the session, the visitor's handle, the skill group and since when.</summary>
public sealed record SupervisorChat(string SessionId, string? Visitor, string? Skill, DateTimeOffset? Since);

public sealed record SupervisorQueue(
    string Skill, int Waiting, long OldestWaitMs, int Offered, IReadOnlyList<SupervisorWaiting> Sessions);

public sealed record SupervisorWaiting(string SessionId, int Position, int Priority, DateTimeOffset EnqueuedAt);

/// <summary>The SLA figures of the last <see cref="WindowSeconds"/>, overall and per skill group.</summary>
public sealed record SupervisorSla(int WindowSeconds, SlaFigures Overall, IReadOnlyList<SlaFigures> Skills);

/// <summary>A chat a supervisor took over (no agent row lists it): who holds it, the session, the visitor, since.
/// </summary>
public sealed record SupervisorTakenChat(
    string SupervisorId, string SessionId, string? Visitor, string Skill, DateTimeOffset Since);
