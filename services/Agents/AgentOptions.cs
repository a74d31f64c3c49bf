namespace DaprSupport.Agents;

/// <summary>
/// Agent defaults (configuration section <c>Agents</c>): presence lease <c>PresenceTtlSeconds</c> (default 60) and
/// <c>DefaultCapacity</c> (default 5 concurrent sessions).
/// </summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    public int PresenceTtlSeconds { get; set; } = 60;

    public int DefaultCapacity { get; set; } = 5;

    public int MaxCapacity { get; set; } = 100;

    public TimeSpan PresenceTtl => TimeSpan.FromSeconds(PresenceTtlSeconds);
}
