using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace DaprSupport.LoadGen;

/// <summary>
/// Byte-level checks on the gateway's compact JSON frames, so the receive loops skip a full parse for the frames that
/// dominate a run: the load tool's own texts (<c>"text":"lg:&lt;run&gt;:&lt;send timestamp&gt;"</c>) arriving as items. The
/// run's tag keeps an earlier run's texts out of the count: their sessions, requeued when that run's agents left,
/// reach this run's agents with their history.
/// </summary>
public static class FrameScan
{
    public const string Marker = "lg:";

    private static readonly byte[] ItemType = "\"type\":\"item\""u8.ToArray();
    private static readonly byte[] TextKind = "\"kind\":\"text\""u8.ToArray();
    private static readonly byte[] TsKey = "\"ts\":\""u8.ToArray();

    private static readonly byte[] AckType = "\"type\":\"ack\""u8.ToArray();
    private static readonly byte[] ReadType = "\"type\":\"read\""u8.ToArray();
    private static readonly byte[] TypingType = "\"type\":\"typing\""u8.ToArray();
    private static readonly byte[] SessionKey = "\"sessionId\":\""u8.ToArray();
    private static readonly byte[] SeqKey = "\"seq\":"u8.ToArray();

    /// <summary>True for an <c>ack</c> frame.</summary>
    public static bool IsAck(ReadOnlySpan<byte> frame) => frame.IndexOf(AckType) >= 0;

    /// <summary>True for a <c>read</c> (receipt) frame.</summary>
    public static bool IsReadReceipt(ReadOnlySpan<byte> frame) => frame.IndexOf(ReadType) >= 0;

    /// <summary>True for a relayed <c>typing</c> frame.</summary>
    public static bool IsTyping(ReadOnlySpan<byte> frame) => frame.IndexOf(TypingType) >= 0;

    /// <summary>An item frame's session and seq (what a <c>read</c> frame marks), without parsing the frame.</summary>
    public static bool TryItemPosition(ReadOnlySpan<byte> frame, out string sessionId, out long seq)
    {
        (sessionId, seq) = (string.Empty, 0);
        var sessionAt = frame.IndexOf(SessionKey);
        var seqAt = frame.IndexOf(SeqKey);
        if (sessionAt < 0 || seqAt < 0)
        {
            return false;
        }

        var session = frame[(sessionAt + SessionKey.Length)..];
        var end = session.IndexOf((byte)'"');
        if (end <= 0 || !Utf8Parser.TryParse(frame[(seqAt + SeqKey.Length)..], out seq, out var consumed) || consumed == 0)
        {
            return false;
        }

        sessionId = Encoding.UTF8.GetString(session[..end]);
        return true;
    }

    /// <summary>The text a run sends: its marker, its tag and the send timestamp.</summary>
    public static string Text(string run, long stamp) =>
        Marker + run + ":" + stamp.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The same, numbered: the sending visitor's index and the text's number among that visitor's texts
    /// (<see cref="DeliveryLedger"/>).
    /// </summary>
    public static string Text(string run, long stamp, int visitor, long number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Marker}{run}:{stamp}:{visitor}:{number}");

    /// <summary>What <see cref="TryMarkedText"/> looks for in a run's frames.</summary>
    public static byte[] MarkedText(string run) => Encoding.UTF8.GetBytes("\"text\":\"" + Marker + run + ":");

    /// <summary>
    /// True for a text item carrying the run's <paramref name="marked"/> text (<see cref="MarkedText"/>):
    /// <paramref name="stamp"/> is its send timestamp, <paramref name="ts"/> its item <c>ts</c> if any.
    /// </summary>
    public static bool TryMarkedText(
        ReadOnlySpan<byte> frame, ReadOnlySpan<byte> marked, out long stamp, out DateTimeOffset? ts) =>
        TryMarkedText(frame, marked, out stamp, out ts, out _, out _);

    /// <summary>
    /// As above, with the sender's index and the text's number when the text is numbered
    /// (<see cref="Text(string, long, int, long)"/>); -1 for both when it is not.
    /// </summary>
    public static bool TryMarkedText(
        ReadOnlySpan<byte> frame, ReadOnlySpan<byte> marked, out long stamp, out DateTimeOffset? ts,
        out int visitor, out long number)
    {
        stamp = 0;
        ts = null;
        visitor = -1;
        number = -1;
        var at = frame.IndexOf(marked);
        if (at < 0 || frame.IndexOf(ItemType) < 0 || frame.IndexOf(TextKind) < 0)
        {
            return false;
        }

        var rest = frame[(at + marked.Length)..];
        if (!Utf8Parser.TryParse(rest, out stamp, out var consumed) || consumed == 0)
        {
            return false;
        }

        rest = rest[consumed..];
        if (rest.Length > 0 && rest[0] == (byte)':'
            && Utf8Parser.TryParse(rest[1..], out int sender, out var senderLength) && senderLength > 0
            && rest.Length > senderLength + 1 && rest[senderLength + 1] == (byte)':'
            && Utf8Parser.TryParse(rest[(senderLength + 2)..], out long numbered, out var numberLength) && numberLength > 0)
        {
            (visitor, number) = (sender, numbered);
        }

        var tsAt = frame.IndexOf(TsKey);
        if (tsAt >= 0)
        {
            // From the value's opening quote: the reader unescapes (a "+" offset may come as \u002B).
            var reader = new Utf8JsonReader(frame[(tsAt + TsKey.Length - 1)..], isFinalBlock: false, state: default);
            if (reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var parsed))
            {
                ts = parsed;
            }
        }

        return true;
    }
}
