namespace DaprSupport.Sessions.Sla;

/// <summary>
/// The SLA ledger (configuration section <c>Sla</c>): the rolling window its figures cover (default 60 minutes) and
/// how many measurements one tenant keeps at most (default 20 000; the oldest go first, so a tenant busier than that
/// over one window gets figures from its most recent measurements).
/// </summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(60);

    public int MaxSamples { get; set; } = 20_000;

    /// <summary>Live chats kept at most (a chat whose end was never recorded goes first).</summary>
    public int MaxChats { get; set; } = 10_000;
}
