using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// The shape of a session id: <c>s-</c> and 32 lowercase hex digits (what the sessions service hands out). Callers
/// check it at the edge, so a junk id is answered "not found" without a call that Dapr would count against the
/// endpoint's circuit breaker. A start with a client message id has a known id (<see cref="ForStart"/>), so the
/// gateway can listen to the session before it asks for it.
/// </summary>
public static class SessionIds
{
    public const string Prefix = "s-";

    public const int HexLength = 32;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static bool IsWellFormed(string? sessionId) =>
        sessionId is { Length: HexLength + 2 }
        && sessionId.StartsWith(Prefix, StringComparison.Ordinal)
        && sessionId.AsSpan(Prefix.Length).IndexOfAnyExcept(LowerHex) < 0;

    /// <summary>
    /// The id of the session a start creates: from the tenant, visitor and client message id, so a retried start
    /// lands on the same session; a start without a client message id gets a fresh one.
    /// </summary>
    public static string ForStart(string tenant, string visitorId, string? clientMsgId)
    {
        if (string.IsNullOrEmpty(clientMsgId))
        {
            return Prefix + Guid.NewGuid().ToString("N");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', tenant, visitorId, clientMsgId)));
        return Prefix + Convert.ToHexStringLower(hash)[..HexLength];
    }
}
