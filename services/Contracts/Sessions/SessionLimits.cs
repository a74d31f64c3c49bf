using System.Buffers;

namespace DaprSupport.Contracts.Sessions;

/// <summary>Bounds the sessions API holds every caller to (docs/security.md "Caps per caller").</summary>
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

    /// <summary>
    /// Longest <c>clientMsgId</c>: a session remembers its last 1,000 in its record (one etcd value), so an unbounded
    /// one could make the record larger than etcd takes.
    /// </summary>
    public const int MaxClientMsgIdLength = 128;

    /// <summary>The refusal of a clientMsgId over <see cref="MaxClientMsgIdLength"/>.</summary>
    public const string ClientMsgIdTooLong = "clientMsgId must be at most 128 characters.";

    /// <summary>Longest <c>start.context.page</c>.</summary>
    public const int MaxContextPage = 2048;

    /// <summary>Most <c>start.context.fields</c>.</summary>
    public const int MaxContextFields = 8;

    /// <summary>Longest context field name (non-empty).</summary>
    public const int MaxContextFieldName = 64;

    /// <summary>Longest context field value.</summary>
    public const int MaxContextFieldValue = 500;

    private static readonly SearchValues<char> SkillChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-:");

    /// <summary>Whether a skill name has the shape of an id (what may become a queue and a metric label).</summary>
    public static bool IsSkill(string? skill) =>
        skill is { Length: > 0 and <= MaxSkillLength } && skill.AsSpan().IndexOfAnyExcept(SkillChars) < 0;

    /// <summary>
    /// Whether a clientMsgId (none is fine where it is optional) is within <see cref="MaxClientMsgIdLength"/>.
    /// </summary>
    public static bool IsClientMsgIdWithinLimit(string? clientMsgId) =>
        clientMsgId is not { Length: > MaxClientMsgIdLength };

    /// <summary>What is wrong with a start context (named by field), or null when it is within the limits.</summary>
    public static string? ContextProblem(VisitorContext? context)
    {
        if (context is null)
        {
            return null;
        }

        if (context.Page is { Length: > MaxContextPage })
        {
            return $"context.page must be at most {MaxContextPage} characters.";
        }

        var fields = context.Fields ?? new Dictionary<string, string>();
        if (fields.Count > MaxContextFields)
        {
            return $"context.fields holds at most {MaxContextFields} fields.";
        }

        foreach (var (name, value) in fields)
        {
            if (name is not { Length: > 0 and <= MaxContextFieldName })
            {
                return $"context.fields names are 1–{MaxContextFieldName} characters.";
            }

            if (value is null || value.Length > MaxContextFieldValue)
            {
                return $"context.fields.{name} must be a string of at most {MaxContextFieldValue} characters.";
            }
        }

        return null;
    }
}
