using System.Net;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// Who is calling: the principal (and token expiry) the request's bearer token names, validated by the JWT bearer
/// handler (<see cref="SupportAuthentication"/>), and whether its tenant blocked it since.
/// </summary>
public sealed class CallerAuthenticator(TenantDirectory tenants)
{
    /// <summary>
    /// The caller, or null: no token, an invalid one, or one for a tenant that no longer exists (a disabled tenant's
    /// callers are returned and refused as blocked: <see cref="IsBlocked"/>).
    /// </summary>
    public async Task<AuthenticatedCaller?> AuthenticateAsync(HttpContext context)
    {
        var caller = await context.AuthenticateCallerAsync();
        return caller is not null && tenants.IsKnown(caller.Principal.Tenant) ? caller : null;
    }

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
