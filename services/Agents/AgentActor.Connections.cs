using DaprSupport.Contracts.Agents;

namespace DaprSupport.Agents;

/// <summary>Heartbeats and the agent's open connections (<see cref="PresenceLease"/>).</summary>
public sealed partial class AgentActor
{
    private const string GraceReminder = "presence-closed";
    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// This activation's newest beat of each open connection, saved as the agent's heartbeat is (half a lease).
    /// </summary>
    private readonly Dictionary<string, DateTimeOffset> _connectionBeats = new(StringComparer.Ordinal);

    public Task<AgentSnapshot> ConnectionHeartbeatAsync(string connectionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        return BeatAsync(connectionId);
    }

    public async Task<AgentSnapshot> ConnectionClosedAsync(string connectionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        var current = await LoadAsync();
        var now = time.GetUtcNow();
        if (!PresenceLease.CloseCounts(current, connectionId, now, PresenceTtl))
        {
            return Snapshot(current);
        }

        var next = PresenceLease.Closed(current, connectionId, now, PresenceTtl);
        await SaveAsync(next);
        await StateManager.SaveStateAsync();
        _connectionBeats.Remove(connectionId);
        if (next.Presence != AgentPresence.Offline && PresenceLease.StartsGrace(next))
        {
            logger.LogInformation("Last connection of agent {Agent} closed; offline in {Grace} unless it returns",
                Id, DisconnectGrace);
            await RegisterReminderAsync(GraceReminder, null, DisconnectGrace, Once);
        }

        return Snapshot(next);
    }

    /// <summary>
    /// A beat from a connection, or from a client that names none. An agent that lapsed offline is back as it was;
    /// one that chose offline stays offline (presence brings it back), but a connection of its is counted, so closing
    /// it later is known.
    /// </summary>
    private async Task<AgentSnapshot> BeatAsync(string? connectionId)
    {
        var stored = await LoadStoredAsync();
        var current = WithNewestHeartbeat(stored);
        var now = time.GetUtcNow();
        if (PresenceLease.Restored(current, connectionId, now, PresenceTtl) is { } back)
        {
            logger.LogInformation("Agent {Agent} is back ({Presence}): a beat came after its presence lapsed",
                Id, back.Presence);
            await SaveAsync(back);
            await RegisterLeaseCheckAsync();
            Remember(connectionId, now);
            return await PublishAsync(back);
        }

        if (current.Presence == AgentPresence.Offline)
        {
            if (PresenceLease.CountedWhileOffline(current, connectionId, now, PresenceTtl) is not { } counted)
            {
                return Snapshot(current);
            }

            await SaveAsync(counted);
            return Snapshot(counted);
        }

        var next = PresenceLease.Beat(current, connectionId, now, PresenceTtl);
        if (PresenceLease.MustSave(stored, next, now, PresenceTtl))
        {
            await SaveAsync(next);
            await StateManager.SaveStateAsync();
        }

        Remember(connectionId, now);
        return Snapshot(next);
    }

    /// <summary>This activation's newest beat (saved with the next save, or half a lease later).</summary>
    private void Remember(string? connectionId, DateTimeOffset now)
    {
        _heartbeatAt = now;
        if (connectionId is not null)
        {
            _connectionBeats[connectionId] = now;
        }
    }

    /// <summary>The state with this activation's newest beat of each connection it still counts.</summary>
    private AgentState WithNewestConnectionBeats(AgentState state)
    {
        if (_connectionBeats.Count == 0 || state.Connections is not { } open)
        {
            return state;
        }

        var newest = open;
        foreach (var (id, beat) in _connectionBeats)
        {
            if (open.TryGetValue(id, out var saved) && beat > saved)
            {
                newest = newest.SetItem(id, beat);
            }
        }

        return state with { Connections = newest };
    }
}
