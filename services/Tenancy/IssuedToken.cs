namespace DaprSupport.Tenancy;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
