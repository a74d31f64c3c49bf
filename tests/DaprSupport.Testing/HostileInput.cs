using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace DaprSupport.Testing;

/// <summary>
/// FsCheck generators of hostile client input (issue 11 item 7): JSON text of every client frame type with random,
/// wrongly typed, huge, deeply nested and lone-surrogate values and unknown fields; mutations of valid frames; and
/// raw bytes (not UTF-8). Shared by the parser properties and the runs through the real gateway.
/// </summary>
public static class HostileInput
{
    public static readonly string[] FrameTypes =
        ["hello", "start", "send", "read", "presence", "accept", "transfer", "resolve", "ping"];

    /// <summary>One valid frame of each type (declared before the generators that use it).</summary>
    public static readonly string[] ValidFrames =
    [
        """{"type":"hello","resume":{"s1":0}}""",
        """{"type":"start","clientMsgId":"m1","skill":"general","text":"hi"}""",
        """{"type":"send","clientMsgId":"m1","sessionId":"s1","text":"hi"}""",
        """{"type":"read","sessionId":"s1","seq":1}""",
        """{"type":"presence","status":"online"}""",
        """{"type":"accept","sessionId":"s1"}""",
        """{"type":"transfer","sessionId":"s1","toSkill":"general"}""",
        """{"type":"resolve","sessionId":"s1"}""",
        """{"type":"ping"}""",
    ];

    private static readonly string[] FieldNames =
        ["type", "clientMsgId", "sessionId", "text", "skill", "priority", "seq", "status", "toAgentId", "toSkill",
         "resume", "__proto__", "Type", "TEXT", "unknown", ""];

    /// <summary>A JSON string literal: ordinary, empty, huge, escaped control characters or lone surrogates.</summary>
    public static Gen<string> StringLiteral { get; } = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Select(s => Quote(s ?? "")),
        Gen.Elements(
            "\"\"", "\"\\ud800\"", "\"\\udc00\"", "\"a\\ud83dz\"", "\"\\u0000\"", "\"\\\"\"", "\"\\uZZZZ\"", "\"\\",
            "\"online\"", "\"s-00000000000000000000000000000000\"", "\"s-\"", "\" \"", "\"\\u202e\"", "\"💬\""),
        Gen.Choose(1, 40_000).Select(n => Quote(new string('x', n))));

    /// <summary>A JSON number literal, including ones no field type can hold.</summary>
    public static Gen<string> NumberLiteral { get; } = Gen.OneOf(
        ArbMap.Default.GeneratorFor<long>().Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Elements("0", "-0", "-1", "1.5", "1e309", "-1e309", "9223372036854775808", "123456789012345678901234567890",
            "2147483648", "1E2", "01", "NaN", "Infinity", "+1", "0x10"));

    /// <summary>Any JSON-ish value: scalars, arrays and objects, nested as deep as the size allows (and beyond 64).</summary>
    public static Gen<string> Value { get; } = Gen.Sized(size => ValueOf(Math.Min(size, 6)));

    /// <summary>Nesting past the parser's depth limit.</summary>
    public static Gen<string> DeepNesting { get; } = Gen.Choose(60, 2_000).SelectMany(depth =>
        Gen.Elements("[", "{\"a\":").Select(open =>
            string.Concat(Enumerable.Repeat(open, depth)) + "1"
            + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", depth))));

    /// <summary>An object with a frame <c>type</c> (usually a known one) and random fields with random values.</summary>
    public static Gen<string> Frame(Gen<string>? sessionIds = null) =>
        from type in Gen.Frequency((9, Gen.Elements(FrameTypes).Select(Quote)), (1, Value))
        from fields in Gen.ListOf(Field(sessionIds ?? StringLiteral)).Resize(8)
        select "{\"type\":" + type + string.Concat(fields.Select(f => "," + f)) + "}";

    /// <summary>A valid frame of each type with one mutation: a character dropped, inserted or replaced, or a value swapped.</summary>
    public static Gen<string> MutatedFrame { get; } =
        from valid in Gen.Elements(ValidFrames)
        from kind in Gen.Choose(0, 3)
        from at in Gen.Choose(0, valid.Length - 1)
        from c in Gen.Elements('"', '{', '}', ',', ':', '\\', '[', '0', 'x', ' ')
        from value in Value
        select kind switch
        {
            0 => valid.Remove(at, 1),
            1 => valid.Insert(at, c.ToString()),
            2 => valid[..at] + c + valid[(at + 1)..],
            _ => valid.Replace("\"s1\"", value, StringComparison.Ordinal),
        };

    /// <summary>Any hostile frame text.</summary>
    public static Gen<string> Text(Gen<string>? sessionIds = null) => Gen.Frequency(
        (6, Frame(sessionIds)), (3, MutatedFrame), (1, DeepNesting), (1, Value),
        (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")));

    /// <summary>Raw bytes: hostile text as UTF-8, or bytes that are not UTF-8 at all.</summary>
    public static Gen<byte[]> Bytes { get; } = Gen.OneOf(
        Text().Select(Encoding.UTF8.GetBytes),
        ArbMap.Default.GeneratorFor<byte[]>(),
        Gen.Elements<byte[]>([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d], [0xc0, 0x80], [0xed, 0xa0, 0x80]));


    public static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static Gen<string> Field(Gen<string> sessionIds) =>
        from name in Gen.Frequency((8, Gen.Elements(FieldNames)), (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")))
        from value in name == "sessionId" ? Gen.Frequency((3, sessionIds), (1, Value)) : Value
        select Quote(name) + ":" + value;

    private static Gen<string> ValueOf(int depth)
    {
        var scalar = Gen.Frequency(
            (2, StringLiteral), (2, NumberLiteral), (1, Gen.Elements("null", "true", "false", "tru", "nul")));
        if (depth <= 0)
        {
            return scalar;
        }

        var inner = Gen.Sized(_ => ValueOf(depth - 1));
        var array = Gen.ListOf(inner).Resize(4).Select(items => "[" + string.Join(",", items) + "]");
        var obj = Gen.ListOf(
                from key in StringLiteral
                from value in inner
                select key + ":" + value)
            .Resize(4).Select(items => "{" + string.Join(",", items) + "}");
        return Gen.Frequency((4, scalar), (1, array), (1, obj));
    }
}
