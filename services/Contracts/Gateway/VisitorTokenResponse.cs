namespace DaprSupport.Contracts.Gateway;

/// <summary>A visitor token and the visitor id it is bound to (keep it to come back as the same visitor).</summary>
public sealed record VisitorTokenResponse(string Token, string VisitorId, DateTimeOffset ExpiresAt);
