namespace DaprSupport.ServiceDefaults.Security;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
