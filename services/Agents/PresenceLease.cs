using System.Collections.Immutable;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Agents;

/// <summary>
/// Presence as a lease (decisions only; the actor carries them out). An online or away agent stays so while something
/// beats for it within the lease (<c>PresenceTtlSeconds</c>): its connections at the gateways, or a client that sets
/// presence or heartbeats without naming a connection. The gateways' connections are counted, so when the last open
/// one closes (a closed tab, a sign-out without one, a cursor nobody polls) the agent goes offline once the disconnect
/// grace passes with no beat, not a whole lease later. A connection with no beat for a lease (its gateway died) is
/// no longer counted, and its agent lapses with the lease as before. An agent that lapsed (it did not choose offline)
/// is back, as it was, at the next beat: a sessions outage that stopped the heartbeats for a lease does not leave every
/// connected agent offline once it ends.
/// </summary>
internal static class PresenceLease
{
    /// <summary>A beat now, from a named connection (counted open from now on) or a client that names none.</summary>
    public static AgentState Beat(AgentState current, string? connectionId, DateTimeOffset now, TimeSpan ttl)
    {
        var open = Open(current, now, ttl);
        return current with
        {
            LastHeartbeatAt = now,
            LastClosedAt = null,
            Connections = connectionId is null ? open : open.SetItem(connectionId, now),
        };
    }

    /// <summary>
    /// A beat for an agent that chose offline: it stays offline, but a connection it did not count yet is counted, so
    /// closing it later is known (null when nothing changes: no connection named, or one already counted).
    /// </summary>
    public static AgentState? CountedWhileOffline(
        AgentState current, string? connectionId, DateTimeOffset now, TimeSpan ttl) =>
        connectionId is null || current.OpenConnections.ContainsKey(connectionId)
            ? null
            : current with { Connections = Open(current, now, ttl).SetItem(connectionId, now) };

    /// <summary>
    /// Whether a beat must be saved: it counts a connection the stored state does not (or drops one that went
    /// stale), it ends a close's grace, or the stored beat is half a lease old (so the stored lease always outlasts
    /// the next beat). Every other beat stays in the activation's memory: no write every few seconds per agent.
    /// </summary>
    public static bool MustSave(AgentState stored, AgentState next, DateTimeOffset now, TimeSpan ttl) =>
        stored.LastClosedAt is not null
        || !SameKeys(stored.OpenConnections, next.OpenConnections)
        || stored.LastHeartbeatAt is not { } saved
        || now - saved >= ttl / 2;

    /// <summary>
    /// A connection closed: it is no longer counted. When none is left open, the grace starts now (the caller wakes
    /// the agent when it ends: <see cref="StartsGrace"/>).
    /// </summary>
    public static AgentState Closed(AgentState current, string connectionId, DateTimeOffset now, TimeSpan ttl)
    {
        var open = Open(current, now, ttl).Remove(connectionId);
        return current with { Connections = open, LastClosedAt = open.IsEmpty ? now : null };
    }

    /// <summary>
    /// Whether a close changes anything: not for a connection never counted (it closed before its first beat came)
    /// while others are open.
    /// </summary>
    public static bool CloseCounts(AgentState current, string connectionId, DateTimeOffset now, TimeSpan ttl)
    {
        var open = Open(current, now, ttl);
        return open.IsEmpty || open.ContainsKey(connectionId);
    }

    /// <summary>True when <paramref name="next"/> (after <see cref="Closed"/>) waits out a grace.</summary>
    public static bool StartsGrace(AgentState next) => next.LastClosedAt is not null;

    /// <summary>
    /// Whether an online or away agent has lapsed: no beat for a lease, or its last connection closed at least the
    /// grace ago with no beat since and none open.
    /// </summary>
    public static bool HasLapsed(AgentState current, DateTimeOffset now, TimeSpan ttl, TimeSpan grace) =>
        current.LastHeartbeatAt is not { } last
        || now - last > ttl
        || (current.LastClosedAt is { } closed && last <= closed && now - closed >= grace
            && Open(current, now, ttl).IsEmpty);

    /// <summary>An online or away agent gone offline because it lapsed; a beat brings it back as it was.</summary>
    public static AgentState Lapsed(AgentState current, DateTimeOffset now, TimeSpan ttl) => current with
    {
        Presence = AgentPresence.Offline,
        Version = current.Version + 1,
        OfflineSince = now,
        Connections = Open(current, now, ttl),
        LastClosedAt = null,
        LapsedFrom = current.Presence,
    };

    /// <summary>
    /// A beat for an agent that lapsed offline: it is back with the presence it had (null when it is not offline by a
    /// lapse: an agent who chose offline stays offline whatever beats).
    /// </summary>
    public static AgentState? Restored(AgentState current, string? connectionId, DateTimeOffset now, TimeSpan ttl) =>
        current is { Presence: AgentPresence.Offline, LapsedFrom: { } before and not AgentPresence.Offline }
            ? Beat(current, connectionId, now, ttl) with
            {
                Presence = before,
                LapsedFrom = null,
                OfflineSince = null,
                Version = current.Version + 1,
                LastIdleAt = current.IdleSinceAfter(before, now),
            }
            : null;

    /// <summary>When the lease ends if nothing beats: a lease after the newest beat, or a close's grace.</summary>
    public static DateTimeOffset? EndsAt(AgentState current, TimeSpan ttl, TimeSpan grace)
    {
        if (current.LastHeartbeatAt is not { } last)
        {
            return null;
        }

        var lease = last + ttl;
        return current.LastClosedAt is { } closed && last <= closed && closed + grace < lease ? closed + grace : lease;
    }

    /// <summary>The connections still counted: those with a beat within the lease.</summary>
    public static ImmutableDictionary<string, DateTimeOffset> Open(AgentState current, DateTimeOffset now, TimeSpan ttl)
    {
        var all = current.OpenConnections;
        return all.Values.All(beat => now - beat <= ttl)
            ? all
            : all.RemoveRange([.. all.Where(c => now - c.Value > ttl).Select(c => c.Key)]);
    }

    private static bool SameKeys(
        ImmutableDictionary<string, DateTimeOffset> a, ImmutableDictionary<string, DateTimeOffset> b) =>
        a.Count == b.Count && a.Keys.All(b.ContainsKey);
}
