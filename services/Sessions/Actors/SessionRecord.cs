using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Actors;

/// <summary>What the session actor persists: the session and the client message ids it has already accepted.</summary>
internal sealed record SessionRecord(SessionSnapshot Session, Dictionary<string, long> ClientMessages)
{
    /// <summary>Client message ids remembered per session for idempotent retries (oldest forgotten first).</summary>
    public const int MaxRememberedClientMessages = 1000;

    public SessionRecord Remember(string clientMsgId, long seq)
    {
        var messages = new Dictionary<string, long>(ClientMessages, StringComparer.Ordinal) { [clientMsgId] = seq };
        if (messages.Count > MaxRememberedClientMessages)
        {
            foreach (var oldest in messages.OrderBy(m => m.Value).Take(messages.Count - MaxRememberedClientMessages).ToList())
            {
                messages.Remove(oldest.Key);
            }
        }

        return this with { ClientMessages = messages };
    }
}
