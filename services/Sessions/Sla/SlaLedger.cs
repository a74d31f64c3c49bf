using DaprSupport.Contracts.Sla;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// A tenant's SLA state: the measurements of the window (oldest first) and the chats agents hold now, by session.
/// </summary>
public sealed record SlaLedger(IReadOnlyList<SlaSample> Samples, IReadOnlyDictionary<string, LiveChat> Chats)
{
    public static readonly SlaLedger Empty = new([], new Dictionary<string, LiveChat>(StringComparer.Ordinal));
}

/// <summary>One measurement: an <see cref="SlaEventKinds"/> kind of one skill group, when, and its duration.</summary>
public sealed record SlaSample(DateTimeOffset At, string Skill, string Kind, double Seconds = 0);
