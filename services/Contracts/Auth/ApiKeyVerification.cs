namespace DaprSupport.Contracts.Auth;

public sealed record ApiKeyVerification(string Tenant, bool Valid);
