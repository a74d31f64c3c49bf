namespace DaprSupport.Contracts.Timeline;

/// <summary>Who wrote a timeline item: role is visitor, agent, supervisor or system.</summary>
public sealed record Participant(string Role, string Id, string? Name);
