namespace DaprSupport.Contracts.Gateway;

/// <summary>A signed bearer token and when it stops being accepted.</summary>
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);
