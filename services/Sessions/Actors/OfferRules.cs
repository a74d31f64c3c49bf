using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// The rules for offers that end without an accept (declined, lapsed, withdrawn, or lost to another claimant) and for
/// unattended sessions taken back from their agent. Pure: the session actor carries out what they decide.
/// </summary>
internal static class OfferRules
{
    /// <summary>
    /// Ends an open offer: the whole of it (the session waits again), or only <paramref name="onlyAgent"/>'s part of a
    /// manual claim offer (the session stays offered to the other claimants, back in its queue when none is left).
    /// <paramref name="offerId"/> null: whatever offer is open.
    /// </summary>
    public static (Transition Transition, IReadOnlyList<string> Ended) EndOffer(
        SessionSnapshot session, string? offerId, string? onlyAgent)
    {
        if (session.Status == SessionStatus.None)
        {
            // As accept answers: a session that does not exist (in the caller's tenant) is not found, not a conflict.
            return (Transition.Refused(SessionRules.NoSuchSession), []);
        }

        if (session.Status != SessionStatus.Offered || (offerId is not null && session.OfferId != offerId))
        {
            return (Transition.Refused(SupportError.Conflict("That offer is no longer open.")), []);
        }

        if (onlyAgent is null)
        {
            return (Transition.To(SessionRules.BackInQueue(session)), session.OfferedAgents());
        }

        if (!session.IsOfferedTo(onlyAgent))
        {
            return (Transition.Refused(SupportError.Conflict("The session is not offered to this agent.")), []);
        }

        var remaining = session.OfferedAgents().Where(a => a != onlyAgent).ToList();
        var next = remaining.Count == 0
            ? SessionRules.BackInQueue(session)
            : session with { OfferedTo = remaining[0], Claimants = remaining.Count > 1 ? remaining : null };
        return (Transition.To(next), [onlyAgent]);
    }

    /// <summary>The claimants who lose a manual claim offer to <paramref name="winner"/>.</summary>
    public static IReadOnlyList<string> Losers(SessionSnapshot offered, string winner) =>
        [.. offered.OfferedAgents().Where(a => a != winner)];

    /// <summary>
    /// An assigned session taken from <paramref name="request"/>'s agent and queued for another; refused (nothing to
    /// do) when that agent no longer holds it.
    /// </summary>
    public static Transition Requeue(SessionSnapshot session, RequeueRequest request, DateTimeOffset now) =>
        session.Status != SessionStatus.Assigned || session.AgentId != request.AgentId
            ? Transition.Refused(SupportError.Conflict("The session is no longer with that agent."))
            : Transition.To(session with
            {
                Status = SessionStatus.Queued,
                AgentId = null,
                AssignedAt = null,
                FirstResponseAt = null,
                TargetAgentId = null,
                QueuedAt = now,
            });
}
