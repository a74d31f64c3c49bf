namespace DaprSupport.Contracts.Auth;

public sealed record ApiKeyCheck(string ApiKey);
