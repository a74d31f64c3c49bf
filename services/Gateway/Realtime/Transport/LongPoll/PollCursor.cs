using System.Globalization;

namespace DaprSupport.Gateway.Realtime.Transport.LongPoll;

/// <summary>
/// The opaque cursor clients echo: which conversation, and how many of its frames the client already has.
/// </summary>
internal readonly record struct PollCursor(string Id, long Next)
{
    public static PollCursor? Parse(string? text)
    {
        var dot = text?.LastIndexOf('.') ?? -1;
        return dot > 0
            && long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var next)
            ? new PollCursor(text![..dot], next)
            : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id}.{Next}");
}
