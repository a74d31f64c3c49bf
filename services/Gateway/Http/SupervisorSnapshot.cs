using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// What the supervisor console shows: agents with load against capacity, and per skill the waiting sessions with
/// their positions and the oldest wait. A pure projection of the router's <see cref="QueueSnapshot"/>.
/// </summary>
public sealed record SupervisorSnapshot(
    DateTimeOffset At, IReadOnlyList<SupervisorAgent> Agents, IReadOnlyList<SupervisorQueue> Queues, int OpenOffers)
{
    public static SupervisorSnapshot From(QueueSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var offers = snapshot.Offers.ToLookup(o => o.AgentId);
        var agents = snapshot.Agents
            .OrderBy(a => a.AgentId, StringComparer.Ordinal)
            .Select(a => new SupervisorAgent(
                a.AgentId, Presence(a.Presence), a.Skills, a.Capacity, a.Load, a.Sessions, offers[a.AgentId].Count()))
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
        return new SupervisorSnapshot(now, agents, queues, snapshot.Offers.Count);
    }

    private static string Presence(AgentPresence presence) => presence switch
    {
        AgentPresence.Online => "online",
        AgentPresence.Away => "away",
        _ => "offline",
    };
}

public sealed record SupervisorAgent(
    string AgentId, string Status, IReadOnlyList<string> Skills, int Capacity, int Load,
    IReadOnlyList<string> Sessions, int OpenOffers);

public sealed record SupervisorQueue(
    string Skill, int Waiting, long OldestWaitMs, int Offered, IReadOnlyList<SupervisorWaiting> Sessions);

public sealed record SupervisorWaiting(string SessionId, int Position, int Priority, DateTimeOffset EnqueuedAt);
