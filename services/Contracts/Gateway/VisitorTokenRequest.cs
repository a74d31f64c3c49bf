namespace DaprSupport.Contracts.Gateway;

/// <summary>
/// <c>POST /v1/auth/visitor</c>. Anonymous: without a visitorId a new one is minted; a returning visitor presents the
/// one it was given. Identity-verified (the tenant's backend vouches for its logged-in user): <c>userId</c> +
/// <c>userHash</c> (hex HMAC-SHA256 of the user id with the tenant's identity secret), or <c>identityToken</c> (an
/// HS256 JWT the tenant's backend signs with that secret, carrying <c>sub</c>, <c>exp</c> and optionally
/// <c>name</c> and <c>priority</c>). A client without an <c>Origin</c> (mobile, server) proves itself with a verified
/// identity or the tenant's <c>channelKey</c>.
/// </summary>
public sealed record VisitorTokenRequest(
    string? Tenant,
    string? VisitorId,
    string? DisplayName,
    string? UserId = null,
    string? UserHash = null,
    string? IdentityToken = null,
    string? ChannelKey = null);
