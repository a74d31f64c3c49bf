namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// Section <c>Jobs</c>: every <see cref="Tick"/> each replica takes or renews each job's lease for
/// <see cref="LeaseTtl"/>; a holder that dies is replaced within <see cref="LeaseTtl"/> plus a tick.
/// </summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Section <c>Housekeeping</c>: how often the housekeeping job runs, and the limits for tenants whose configuration
/// document does not set them (<c>housekeeping</c> in docs/configuration.md).
/// </summary>
public sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan AbandonQueuedAfter { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan ResolveIdleAfter { get; set; } = TimeSpan.FromHours(24);
}
