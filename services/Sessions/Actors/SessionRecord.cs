using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// What the session actor persists: the session, the client message ids it has already accepted, and the request ids
/// of the state changes it has applied (with the version each produced), so that a replayed request is answered, not
/// applied twice. <see cref="AgentReplied"/>: an agent has written in it (its first text is the first response).
/// <see cref="UnansweredSince"/>: when the visitor's latest message not yet answered by the assigned agent was written.
/// <see cref="BreachesRecorded"/>: the SLA breaches (<see cref="SlaBreach.FirstResponse"/>,
/// <see cref="SlaBreach.Resolution"/>) already in the timeline since their clocks last started, with their times
/// (<see cref="SlaClockRules"/>).
/// </summary>
internal sealed record SessionRecord(
    SessionSnapshot Session,
    Dictionary<string, long> ClientMessages,
    Dictionary<string, long>? Requests = null,
    bool AgentReplied = false,
    DateTimeOffset? UnansweredSince = null,
    Dictionary<string, DateTimeOffset>? BreachesRecorded = null)
{
    /// <summary>Request ids remembered per session (oldest forgotten first); a replay comes within seconds.</summary>
    public const int MaxRememberedRequests = 64;

    /// <summary>
    /// The answer to a request this session has already applied: the session as it is now; null for a new request.
    /// </summary>
    public SessionResult? Replayed(string? requestId) =>
        !string.IsNullOrEmpty(requestId) && Requests?.ContainsKey(requestId) == true ? SessionResult.Ok(Session) : null;

    /// <summary>Remembers a request id with the version the change it makes will be saved under.</summary>
    public SessionRecord RememberRequest(string? requestId)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return this;
        }

        var requests = new Dictionary<string, long>(Requests ?? [], StringComparer.Ordinal)
        {
            [requestId] = Session.Version + 1,
        };
        var forgotten = requests.OrderBy(r => r.Value).Take(Math.Max(0, requests.Count - MaxRememberedRequests));
        foreach (var oldest in forgotten.ToList())
        {
            requests.Remove(oldest.Key);
        }

        return this with { Requests = requests };
    }

    /// <summary>Client message ids remembered per session for idempotent retries (oldest forgotten first).</summary>
    public const int MaxRememberedClientMessages = 1000;

    public SessionRecord Remember(string clientMsgId, long seq)
    {
        var messages = new Dictionary<string, long>(ClientMessages, StringComparer.Ordinal) { [clientMsgId] = seq };
        if (messages.Count > MaxRememberedClientMessages)
        {
            var forgotten = messages.OrderBy(m => m.Value).Take(messages.Count - MaxRememberedClientMessages);
            foreach (var oldest in forgotten.ToList())
            {
                messages.Remove(oldest.Key);
            }
        }

        return this with { ClientMessages = messages };
    }
}
