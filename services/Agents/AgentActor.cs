using Dapr.Actors.Runtime;
using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using Microsoft.Extensions.Options;

namespace DaprSupport.Agents;

/// <summary>
/// One agent of one tenant: presence (a lease renewed by heartbeats, and the agent's open connections:
/// <see cref="PresenceLease"/>), skills, capacity and the sessions it holds. Every change is published on
/// <see cref="Topics.AgentPresence"/> (partition key = tenant) for the router.
/// </summary>
[Actor(TypeName = ActorTypes.Agent)]
public sealed partial class AgentActor(
    ActorHost host, IOptions<AgentOptions> options, DaprClient dapr, TimeProvider time, ILogger<AgentActor> logger)
    : Actor(host), IAgentActor, IRemindable
{
    private const string StateKey = "agent";
    private const string LeaseReminder = "presence-lease";
    private readonly AgentOptions _options = options.Value;

    /// <summary>
    /// The last heartbeat of this activation. A heartbeat is saved only once the stored one is half a lease old, so
    /// the stored lease always outlasts the next heartbeat (every 10 s against a 60 s lease by default) and a new
    /// activation keeps the agent online; every other save carries the newest one.
    /// </summary>
    private DateTimeOffset? _heartbeatAt;

    private TimeSpan PresenceTtl => _options.PresenceTtlFor(ActorIds.Parse(Id).Tenant);

    private TimeSpan DisconnectGrace => _options.DisconnectGraceFor(ActorIds.Parse(Id).Tenant);

    public async Task<AgentSnapshot> GetSnapshotAsync() => Snapshot(await LoadAsync());

    public async Task<AgentSnapshot> SetPresenceAsync(PresenceUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Capacity is { } c && (c < 0 || c > _options.MaxCapacity))
        {
            throw new ArgumentOutOfRangeException(
                nameof(update), $"Capacity must be between 0 and {_options.MaxCapacity}.");
        }

        var current = await LoadAsync();
        if (IsRepeat(current, update))
        {
            // The same presence again (a retry, a reconnect): a heartbeat. Nothing the router reads changes, so no new
            // version and no event: a retry storm does not become a storm of router writes.
            return await HeartbeatAsync();
        }

        var now = time.GetUtcNow();
        var next = PresenceLease.Beat(current, null, now, PresenceTtl) with
        {
            Presence = update.Presence,
            Skills = Normalized(update.Skills),
            Capacity = update.Capacity ?? current.Capacity,
            LastIdleAt = current.IdleSinceAfter(update.Presence, now),
            Version = current.Version + 1,
            OfflineSince = WentOffline(current, update.Presence, now),
            LapsedFrom = null,
        };
        await SaveAsync(next);
        if (next.Presence == AgentPresence.Offline)
        {
            await UnregisterLeaseAsync();
        }
        else if (current.Presence == AgentPresence.Offline)
        {
            await RegisterLeaseCheckAsync();
        }

        return await PublishAsync(next);
    }

    public Task<AgentSnapshot> HeartbeatAsync() => BeatAsync(null);

    public async Task<ClaimResult> TryClaimAsync(string sessionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        var current = await LoadAsync();
        if (current.Sessions.Contains(sessionId, StringComparer.Ordinal))
        {
            return new ClaimResult(true, null, Snapshot(current));
        }

        if (current.Presence != AgentPresence.Online)
        {
            return new ClaimResult(false, ClaimResult.NotOnline, Snapshot(current));
        }

        if (current.Sessions.Count >= current.Capacity)
        {
            return new ClaimResult(false, ClaimResult.AtCapacity, Snapshot(current));
        }

        var next = current with { Sessions = [.. current.Sessions, sessionId], Version = current.Version + 1 };
        await SaveAsync(next);
        return new ClaimResult(true, null, await PublishAsync(next));
    }

    public async Task<AgentSnapshot> ReleaseAsync(string sessionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        var current = await LoadAsync();
        if (!current.Sessions.Contains(sessionId, StringComparer.Ordinal))
        {
            return Snapshot(current);
        }

        var remaining = current.Sessions.Where(s => s != sessionId).ToList();
        var next = current with
        {
            Sessions = remaining,
            LastIdleAt = time.GetUtcNow(),
            Version = current.Version + 1,
        };
        await SaveAsync(next);
        return await PublishAsync(next);
    }

    /// <summary>
    /// The lease's periodic check, or the end of a closed connection's grace (a one-shot reminder): an online or away
    /// agent nothing beat for within the lease, or whose last connection closed a grace ago, goes offline.
    /// </summary>
    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        if (reminderName is not (LeaseReminder or GraceReminder))
        {
            return;
        }

        var current = await LoadAsync();
        if (current.Presence == AgentPresence.Offline)
        {
            if (reminderName == LeaseReminder)
            {
                await UnregisterLeaseAsync();
            }

            return;
        }

        var now = time.GetUtcNow();
        if (!PresenceLease.HasLapsed(current, now, PresenceTtl, DisconnectGrace))
        {
            if (reminderName == GraceReminder)
            {
                logger.LogInformation(
                    "Agent {Agent} came back within the grace; still {Presence}", Id, current.Presence);
            }

            return;
        }

        logger.LogInformation("Presence of agent {Agent} lapsed ({Why}); now offline",
            Id, current.LastClosedAt is null ? "no beat for a lease" : "its last connection closed a grace ago");
        var next = PresenceLease.Lapsed(current, now, PresenceTtl);
        await SaveAsync(next);
        await UnregisterLeaseAsync();
        await PublishAsync(next);
    }

    /// <summary>An update that changes nothing while the agent is online or away (skills compared as stored).</summary>
    private static bool IsRepeat(AgentState current, PresenceUpdate update) =>
        current.Presence != AgentPresence.Offline
        && update.Presence == current.Presence
        && (update.Capacity ?? current.Capacity) == current.Capacity
        && current.Skills.SequenceEqual(Normalized(update.Skills), StringComparer.Ordinal);

    /// <summary>Skills as stored: trimmed, without blanks and duplicates, in ordinal order.</summary>
    private static string[] Normalized(IEnumerable<string> skills) =>
        [.. skills.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>When the agent went offline: now if it goes offline now, the earlier time if it already was.</summary>
    private static DateTimeOffset? WentOffline(AgentState current, AgentPresence next, DateTimeOffset now) =>
        next != AgentPresence.Offline ? null
        : current.Presence == AgentPresence.Offline ? current.OfflineSince ?? now
        : now;

    /// <summary>The lease's periodic check, a quarter lease apart, while the agent is online or away.</summary>
    private Task RegisterLeaseCheckAsync()
    {
        var check = TimeSpan.FromMilliseconds(Math.Max(500, PresenceTtl.TotalMilliseconds / 4));
        return RegisterReminderAsync(LeaseReminder, null, check, check);
    }

    private async Task UnregisterLeaseAsync()
    {
        try
        {
            await UnregisterReminderAsync(LeaseReminder);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "No presence reminder to remove for {Agent}", Id);
        }
    }

    /// <summary>The stored state, with this activation's newest heartbeats.</summary>
    private async Task<AgentState> LoadAsync() => WithNewestHeartbeat(await LoadStoredAsync());

    private async Task<AgentState> LoadStoredAsync()
    {
        var stored = await StateManager.TryGetStateAsync<AgentState>(StateKey);
        return stored.HasValue
            ? stored.Value
            : new AgentState(AgentPresence.Offline, [], _options.DefaultCapacity, [], null, null, 0);
    }

    private AgentState WithNewestHeartbeat(AgentState state) =>
        WithNewestConnectionBeats(
            _heartbeatAt is { } beat && (state.LastHeartbeatAt is not { } saved || beat > saved)
                ? state with { LastHeartbeatAt = beat }
                : state);

    private Task SaveAsync(AgentState state) => StateManager.SetStateAsync(StateKey, state);

    private AgentSnapshot Snapshot(AgentState state)
    {
        var (tenant, agentId) = ActorIds.Parse(Id);
        return state.ToSnapshot(tenant, agentId, _options.PresenceTtlFor(tenant), _options.DisconnectGraceFor(tenant));
    }

    /// <summary>
    /// Tells the router; a lost event is repaired by the next change or by the router's own view updates.
    /// </summary>
    private async Task<AgentSnapshot> PublishAsync(AgentState state)
    {
        var snapshot = Snapshot(state);
        await StateManager.SaveStateAsync();
        try
        {
            await dapr.PublishEventAsync(Components.PubSub, Topics.AgentPresence, snapshot,
                new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = snapshot.Tenant });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not publish the change of agent {Agent}", Id);
        }

        return snapshot;
    }
}
