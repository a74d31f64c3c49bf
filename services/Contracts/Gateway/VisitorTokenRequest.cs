namespace DaprSupport.Contracts.Gateway;

/// <summary>
/// <c>POST /v1/auth/visitor</c>: the chat widget asks for a visitor token from a page whose Origin the tenant allows.
/// Without a visitorId a new one is minted; a returning visitor presents the one it was given.
/// </summary>
public sealed record VisitorTokenRequest(string? Tenant, string? VisitorId, string? DisplayName);
