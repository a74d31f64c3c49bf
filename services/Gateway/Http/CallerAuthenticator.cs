using System.Net;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Http;

/// <summary>Who is calling: the principal a bearer token names, and whether its tenant blocked it since.</summary>
public sealed class CallerAuthenticator(SupportTokens tokens, TenantDirectory tenants)
{
    public Task<SupportPrincipal?> AuthenticateAsync(string? token) => tokens.ValidateAsync(token);

    /// <summary>Whether the tenant blocked the user after its token was issued (checked at every connect).</summary>
    public bool IsBlocked(SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return tenants.IsBlocked(principal.Tenant, principal.UserId);
    }

    /// <summary>Whether the tenant blocks the client's address (IPs and CIDR ranges of its block list).</summary>
    public bool IsBlockedAddress(SupportPrincipal principal, IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return tenants.IsBlockedAddress(principal.Tenant, address);
    }
}
