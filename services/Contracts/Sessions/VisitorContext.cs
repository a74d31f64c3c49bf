namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// What the visitor's page tells staff about a session at its start (<c>start.context</c>): the page address and up
/// to <see cref="SessionLimits.MaxContextFields"/> named answers (a pre-chat form), within the limits of
/// <see cref="SessionLimits"/>.
/// </summary>
public sealed record VisitorContext(string? Page, IReadOnlyDictionary<string, string>? Fields);
