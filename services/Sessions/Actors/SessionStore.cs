using Dapr.Actors;
using Dapr.Actors.Runtime;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Actors;

/// <summary>The session actor's state: one key holding its <see cref="SessionRecord"/>.</summary>
internal sealed class SessionStore(IActorStateManager state, ActorId id)
{
    private const string StateKey = "session";

    /// <summary>The stored record, or a new one (status None) for a session never created.</summary>
    public async Task<SessionRecord> LoadAsync()
    {
        var stored = await state.TryGetStateAsync<SessionRecord>(StateKey);
        if (stored.HasValue)
        {
            return stored.Value;
        }

        var (tenant, sessionId) = ActorIds.Parse(id);
        return new SessionRecord(
            new SessionSnapshot(tenant, sessionId, SessionStatus.None, null, null, null, 0),
            new Dictionary<string, long>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Saves a change with the session's next <see cref="SessionSnapshot.Version"/> (every save is a change, with or
    /// without timeline items, so readers can order snapshots by it); returns the record as saved.
    /// </summary>
    public async Task<SessionRecord> SaveAsync(SessionRecord record)
    {
        record = record with { Session = record.Session with { Version = record.Session.Version + 1 } };
        await state.SetStateAsync(StateKey, record);
        await state.SaveStateAsync();
        return record;
    }
}
