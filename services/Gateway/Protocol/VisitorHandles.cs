using System.Collections.Concurrent;
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

    /// <summary>Handles computed lately; a chatting visitor's is needed for every frame, item and span.</summary>
    private static readonly ConcurrentDictionary<(string Tenant, string VisitorId), string> Recent = new();

    /// <summary>How many handles <see cref="Recent"/> keeps before it starts over.</summary>
    internal const int RecentLimit = 16_384;

    public static string Of(string tenant, string visitorId)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(visitorId);
        if (Recent.TryGetValue((tenant, visitorId), out var known))
        {
            return known;
        }

        // SHA-256 through OpenSSL was about a tenth of the gateway's CPU per chat message before this memo.
        var digest = SHA256.HashData(
            Encoding.UTF8.GetBytes("daprsupport/visitor-handle\n" + tenant + "\n" + visitorId));
        var handle = Prefix + Convert.ToHexStringLower(digest.AsSpan(0, 16));
        if (Recent.Count >= RecentLimit)
        {
            Recent.Clear();
        }

        Recent[(tenant, visitorId)] = handle;
        return handle;
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
