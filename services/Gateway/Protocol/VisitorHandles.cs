using System.Security.Cryptography;
using System.Text;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Protocol;

/// <summary>
/// What staff see instead of a visitor's id (security review M1): an anonymous visitor's id is its bearer secret, so
/// every frame for an agent or supervisor shows the visitor as <c>h_</c> + 32 hex digits = the first 128 bits of
/// SHA-256("daprsupport/visitor-handle\n" + tenant + "\n" + visitorId). Stable (the same visitor is the same handle in
/// every session, on every replica, across key rotations), and not reversible: an anonymous id has 128 random bits,
/// and a verified visitor's id (<c>u_…</c>) proves nothing without the tenant's identity secret. The visitor itself
/// keeps seeing its own id.
/// </summary>
public static class VisitorHandles
{
    public const string Prefix = "h_";

    public static string Of(string tenant, string visitorId)
    {
        var digest = SHA256.HashData(
            Encoding.UTF8.GetBytes("daprsupport/visitor-handle\n" + tenant + "\n" + visitorId));
        return Prefix + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    /// <summary>
    /// How logs and traces name a principal: a visitor by its handle (its id is a secret), staff by id.
    /// </summary>
    public static string Loggable(SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Role == Roles.Visitor ? Of(principal.Tenant, principal.UserId) : principal.UserId;
    }

    /// <summary>
    /// The participant as <paramref name="viewer"/> may see it: a visitor shown to staff is its handle.
    /// </summary>
    public static Participant Shown(SupportPrincipal viewer, string tenant, Participant participant)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(participant);
        return participant.Role == Roles.Visitor && viewer.Role != Roles.Visitor
            ? participant with { Id = Of(tenant, participant.Id) }
            : participant;
    }
}
