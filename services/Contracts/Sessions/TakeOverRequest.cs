namespace DaprSupport.Contracts.Sessions;

/// <summary>A supervisor (<see cref="ByRole"/> must be supervisor) takes an assigned session from its agent.</summary>
public sealed record TakeOverRequest(string ByUserId, string ByRole, string? ByName = null, string? RequestId = null);
