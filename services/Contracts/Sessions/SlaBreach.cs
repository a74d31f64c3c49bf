namespace DaprSupport.Contracts.Sessions;

/// <summary>Published on <see cref="Topics.SlaBreached"/> when a session passes an SLA threshold.</summary>
public sealed record SlaBreach(
    string Tenant, string SessionId, string Skill, string Kind, TimeSpan Threshold, DateTimeOffset At)
{
    public const string FirstResponse = "first_response";
    public const string Resolution = "resolution";
}
