using System.Buffers;

namespace DaprSupport.Contracts;

/// <summary>
/// The shape of the ids an actor id is built from (tenant, session, agent, visitor): 1–128 of
/// <c>A-Z a-z 0-9 . _ @ -</c>, and <c>:</c> except in a tenant (the actor id separator, <see cref="ActorIds"/>).
/// Anything else is the caller's error, answered at the edge, never an actor call.
/// </summary>
public static class IdShape
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-:");

    public static bool IsTenant(string? value) => IsId(value) && !value!.Contains(':', StringComparison.Ordinal);

    public static bool IsId(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.AsSpan().IndexOfAnyExcept(Chars) < 0;
}
