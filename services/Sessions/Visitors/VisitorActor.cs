using Dapr.Actors.Client;
using Dapr.Actors.Runtime;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Visitors;

/// <summary>
/// One visitor's open-session slots (<see cref="IVisitorActor"/>). Only when the visitor is at its cap does it ask its
/// session actors which ended, so an ordinary start costs one state read and write. Its state goes when no slot is
/// held. It also remembers the visitor's most recent sessions (open or not) for staff's visitor details.
/// </summary>
[Actor(TypeName = ActorTypes.Visitor)]
public sealed class VisitorActor(
    ActorHost host, IOptions<VisitorOptions> options, IActorProxyFactory actors, TimeProvider time)
    : Actor(host), IVisitorActor
{
    private const string StateKey = "open";
    private const string HistoryKey = "history";

    public async Task<VisitorAdmission> AdmitAsync(AdmitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var stored = await StateManager.TryGetStateAsync<List<OpenSlot>>(StateKey);
        IReadOnlyList<OpenSlot> held = stored.HasValue ? stored.Value : [];
        var admitted = OpenSessions.Admit(held, request.SessionId, request.MaxOpen, now);
        if (admitted is null)
        {
            held = await StillHeldAsync(held, now);
            admitted = OpenSessions.Admit(held, request.SessionId, request.MaxOpen, now);
        }

        var after = admitted ?? held;
        if (after.Count == 0)
        {
            await StateManager.TryRemoveStateAsync(StateKey);
        }
        else if (!stored.HasValue || !after.SequenceEqual(stored.Value))
        {
            await StateManager.SetStateAsync(StateKey, after.ToList());
        }

        if (admitted is not null)
        {
            var history = await StateManager.TryGetStateAsync<List<OpenSlot>>(HistoryKey);
            var known = history.HasValue ? history.Value : [];
            var remembered = OpenSessions.Remember(known, request.SessionId, now);
            if (!ReferenceEquals(remembered, known))
            {
                await StateManager.SetStateAsync(HistoryKey, remembered.ToList());
            }
        }

        await StateManager.SaveStateAsync();
        return new VisitorAdmission(admitted is not null, after.Count);
    }

    public async Task<IReadOnlyList<VisitorSessionSummary>> GetSessionsAsync()
    {
        var history = await StateManager.TryGetStateAsync<List<OpenSlot>>(HistoryKey);
        var (tenant, _) = ActorIds.Parse(Id);
        var summaries = new List<VisitorSessionSummary>();
        foreach (var slot in history.HasValue ? history.Value : [])
        {
            var session = await actors.CreateActorProxy<ISessionActor>(
                ActorIds.Session(tenant, slot.SessionId), ActorTypes.Session).GetAsync();
            if (session.Status != SessionStatus.None)
            {
                summaries.Add(new VisitorSessionSummary(
                    slot.SessionId, session.Status, session.Skill, session.CreatedAt, session.ResolvedAt));
            }
        }

        return summaries;
    }

    private async Task<IReadOnlyList<OpenSlot>> StillHeldAsync(IReadOnlyList<OpenSlot> held, DateTimeOffset now)
    {
        var (tenant, _) = ActorIds.Parse(Id);
        var kept = new List<OpenSlot>();
        foreach (var slot in held)
        {
            var session = await actors.CreateActorProxy<ISessionActor>(
                ActorIds.Session(tenant, slot.SessionId), ActorTypes.Session).GetAsync();
            if (OpenSessions.StillHeld(slot, session.Status, now, options.Value.PendingCreateGrace))
            {
                kept.Add(slot);
            }
        }

        return kept;
    }
}
