using Dapr.Actors;
using Dapr.Actors.Runtime;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.History;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// The session actor's state: one key holding its <see cref="SessionRecord"/>, and the record as it is now, kept in
/// memory for the activation. Status changes are saved at once (<see cref="SaveAsync"/>); a text only moves the record
/// in memory (<see cref="KeepAsync"/>), its history record being its one durable write, and the record is saved every
/// <see cref="SaveEvery"/> such items. Activation reads the saved record and the items after it back
/// (<see cref="TimelineRecovery"/>); a failed turn forgets the record in memory (<see cref="Forget"/>), so the next
/// turn starts from what is durable. A read mark is kept in memory too (<see cref="KeepMark"/>) unless the stored
/// record's mark of that reader is old (<see cref="SessionRules.MarkIsDue"/>): every later save carries it.
/// </summary>
internal sealed class SessionStore(
    IActorStateManager state, ActorId id, TimelineHistory history, Func<SessionSnapshot, bool> awaitsReplies)
{
    /// <summary>
    /// Texts kept in memory only, at most, before the record is saved with them (bounds activation reads).
    /// </summary>
    public const int SaveEvery = 100;

    private const string StateKey = "session";
    private SessionRecord? _current;
    private SessionRecord? _stored;
    private int _unsaved;

    /// <summary>The record as last read from or written to the state store (after <see cref="LoadAsync"/>).</summary>
    public SessionRecord Stored => _stored ?? throw new InvalidOperationException("The record is not loaded yet.");

    /// <summary>
    /// The record as it is now; on activation the saved one, brought up to date from the history store.
    /// </summary>
    public async Task<SessionRecord> LoadAsync()
    {
        if (_current is not null)
        {
            return _current;
        }

        var stored = await state.TryGetStateAsync<SessionRecord>(StateKey);
        var saved = stored.HasValue ? stored.Value : New();
        _stored = saved;
        _current = TimelineRecovery.MayHaveUnsaved(saved) ? await RecoverAsync(saved) : saved;
        return _current;
    }

    /// <summary>
    /// Saves a change with the session's next <see cref="SessionSnapshot.Version"/> (every save is a change, with or
    /// without timeline items, so readers can order snapshots by it); returns the record as saved.
    /// </summary>
    public Task<SessionRecord> SaveAsync(SessionRecord record) =>
        PersistAsync(record with { Session = record.Session with { Version = record.Session.Version + 1 } });

    /// <summary>
    /// A text's change (its version already moved by <see cref="TextRules"/>): in memory, saved only every
    /// <see cref="SaveEvery"/> texts.
    /// </summary>
    public Task<SessionRecord> KeepAsync(SessionRecord record)
    {
        if (++_unsaved >= SaveEvery)
        {
            return PersistAsync(record);
        }

        _current = record;
        return Task.FromResult(record);
    }

    /// <summary>
    /// A read mark's change: in memory, with the session's version unchanged (it is not a change anyone orders by, and
    /// a version given out must never be given again to another change after a restart); the next save carries it.
    /// </summary>
    public SessionRecord KeepMark(SessionRecord record)
    {
        _current = record;
        return record;
    }

    /// <summary>After a failed turn: what is in memory may not be durable; the next turn reads it back.</summary>
    public void Forget()
    {
        _current = null;
        _unsaved = 0;
    }

    private async Task<SessionRecord> PersistAsync(SessionRecord record)
    {
        await state.SetStateAsync(StateKey, record);
        await state.SaveStateAsync();
        _current = record;
        _stored = record;
        _unsaved = 0;
        return record;
    }

    private SessionRecord New()
    {
        var (tenant, sessionId) = ActorIds.Parse(id);
        return new SessionRecord(
            new SessionSnapshot(tenant, sessionId, SessionStatus.None, null, null, null, 0),
            new Dictionary<string, long>(StringComparer.Ordinal));
    }

    private async Task<SessionRecord> RecoverAsync(SessionRecord saved)
    {
        var (tenant, sessionId) = (saved.Session.Tenant, saved.Session.SessionId);
        var record = saved;
        while (true)
        {
            var from = record.Session.LastSeq;
            var page = await history.ReadAsync(
                tenant, sessionId, from, from + TimelineHistory.MaxPage, CancellationToken.None);
            var (recovered, orphans) = TimelineRecovery.Recover(record, page, awaitsReplies(record.Session));
            if (orphans.Count > 0)
            {
                await history.DeleteAsync(tenant, sessionId, orphans, CancellationToken.None);
            }

            _unsaved += (int)(recovered.Session.LastSeq - from);
            record = recovered;
            if (orphans.Count > 0 || page.Count < TimelineHistory.MaxPage)
            {
                return record;
            }
        }
    }
}
