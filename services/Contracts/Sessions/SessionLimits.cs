using System.Buffers;

namespace DaprSupport.Contracts.Sessions;

/// <summary>Bounds the sessions API holds every caller to (docs/security.md "Bounded work").</summary>
public static class SessionLimits
{
    /// <summary>
    /// Queue priorities run 0 (default) to this; a session's priority comes from configuration, never a visitor.
    /// </summary>
    public const int MaxPriority = 9;

    /// <summary>Longest skill name (skills are ids: letters, digits, <c>. _ - :</c>).</summary>
    public const int MaxSkillLength = 64;

    /// <summary>Most items one timeline read returns; a client pages on with the last seq it got.</summary>
    public const int MaxTimelinePage = 500;

    private static readonly SearchValues<char> SkillChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-:");

    /// <summary>Whether a skill name has the shape of an id (what may become a queue and a metric label).</summary>
    public static bool IsSkill(string? skill) =>
        skill is { Length: > 0 and <= MaxSkillLength } && skill.AsSpan().IndexOfAnyExcept(SkillChars) < 0;
}
