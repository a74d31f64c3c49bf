using System.Buffers;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// The shape of a session id: <c>s-</c> and 32 lowercase hex digits (what the sessions service hands out). Callers
/// check it at the edge, so a junk id is answered "not found" without a call that Dapr would count against the
/// endpoint's circuit breaker.
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
}
