using DaprSupport.Contracts.Sla;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// How an <see cref="SlaEvent"/> changes a ledger (pure): measurements are appended and those older than the window
/// dropped (or the oldest beyond the cap); assignments set the session's live chat, a release or an end removes it.
/// </summary>
public static class SlaLedgerRules
{
    public static SlaLedger Apply(SlaLedger ledger, SlaEvent slaEvent, DateTimeOffset now, SlaOptions options)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(slaEvent);
        ArgumentNullException.ThrowIfNull(options);
        var chats = new Dictionary<string, LiveChat>(ledger.Chats, StringComparer.Ordinal);
        var sample = Measure(slaEvent);
        switch (slaEvent.Kind)
        {
            case SlaEventKinds.Assigned when slaEvent.AgentId is { } agentId:
                chats[slaEvent.SessionId] = new LiveChat(
                    slaEvent.SessionId, agentId, slaEvent.VisitorId, slaEvent.Skill, slaEvent.At);
                break;
            case SlaEventKinds.Released or SlaEventKinds.Resolved or SlaEventKinds.Abandoned:
                chats.Remove(slaEvent.SessionId);
                break;
        }

        var cutoff = now - options.Window;
        var samples = ledger.Samples.Where(s => s.At > cutoff).ToList();
        if (sample is not null && sample.At > cutoff)
        {
            samples.Add(sample);
        }

        if (samples.Count > options.MaxSamples)
        {
            samples = samples.OrderBy(s => s.At).Skip(samples.Count - options.MaxSamples).ToList();
        }

        if (chats.Count > options.MaxChats)
        {
            foreach (var stale in chats.Values.OrderBy(c => c.Since).Take(chats.Count - options.MaxChats).ToList())
            {
                chats.Remove(stale.SessionId);
            }
        }

        return new SlaLedger(samples, chats);
    }

    /// <summary>The measurement an event adds, if any (a release changes only the live chats).</summary>
    private static SlaSample? Measure(SlaEvent e) => e.Kind switch
    {
        SlaEventKinds.Assigned when e.Seconds is { } wait => new SlaSample(e.At, e.Skill, e.Kind, Math.Max(0, wait)),
        SlaEventKinds.FirstResponse or SlaEventKinds.Resolved or SlaEventKinds.Abandoned =>
            new SlaSample(e.At, e.Skill, e.Kind, Math.Max(0, e.Seconds ?? 0)),
        SlaEventKinds.FirstResponseBreached or SlaEventKinds.ResolutionBreached => new SlaSample(e.At, e.Skill, e.Kind),
        _ => null,
    };
}
