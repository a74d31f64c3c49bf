namespace DaprSupport.Sessions.Options;

/// <summary>Overrides for one skill group of one tenant; null keeps the tenant-wide value.</summary>
public sealed class SkillGroupSettings
{
    public int? LoadThreshold { get; set; }

    public int? OverflowAfterSeconds { get; set; }

    public int? PriorityWeight { get; set; }

    public int? OfferTimeoutSeconds { get; set; }

    public int? FirstResponseSeconds { get; set; }

    public int? ResolutionSeconds { get; set; }

    public int? ReopenWindowSeconds { get; set; }

    public int? QueueWaitSeconds { get; set; }

    public double? ResolutionRate { get; set; }

    public int? UnattendedGraceSeconds { get; set; }
}
