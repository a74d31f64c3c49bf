using System.Text;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="FrameParser"/>: client frames (docs/protocol.md "Client → server") and bad_frame reasons.
/// </summary>
public sealed class FrameParserTests
{
    [Fact]
    public void Each_client_frame_type_parses_to_its_record()
    {
        Assert.Equal(new SendFrame("m1", "s1", "hi"),
            Parse("""{"type":"send","clientMsgId":"m1","sessionId":"s1","text":"hi"}"""));
        Assert.Equal(new StartFrame("m1", "billing", 2, "help"),
            Parse("""{"type":"start","clientMsgId":"m1","skill":"billing","priority":2,"text":"help"}"""));
        Assert.Equal(new ReadFrame("s1", 3), Parse("""{"type":"read","sessionId":"s1","seq":3}"""));
        Assert.Equal(new PresenceFrame("online"), Parse("""{"type":"presence","status":"online"}"""));
        Assert.Equal(new AcceptFrame("s1"), Parse("""{"type":"accept","sessionId":"s1"}"""));
        Assert.Equal(new TransferFrame("s1", null, "sales"),
            Parse("""{"type":"transfer","sessionId":"s1","toSkill":"sales"}"""));
        Assert.Equal(new ResolveFrame("s1"), Parse("""{"type":"resolve","sessionId":"s1"}"""));
        Assert.Equal(new PingFrame(), Parse("""{"type":"ping","extra":true}"""));
        var hello = Assert.IsType<HelloFrame>(Parse("""{"type":"hello","resume":{"s1":4,"s2":0}}"""));
        Assert.Equal(new Dictionary<string, long> { ["s1"] = 4, ["s2"] = 0 }, hello.Resume);
    }

    [Fact]
    public void Typing_note_and_a_start_context_parse()
    {
        Assert.Equal(new TypingFrame("s1"), Parse("""{"type":"typing","sessionId":"s1"}"""));
        Assert.Equal(new NoteFrame("m1", "s1", "vip"),
            Parse("""{"type":"note","clientMsgId":"m1","sessionId":"s1","text":"vip"}"""));
        var start = Assert.IsType<StartFrame>(Parse(
            """{"type":"start","clientMsgId":"m1","text":"hi","context":{"page":"https://a.test/p","fields":{"email":"a@b.c"}}}"""));
        Assert.Equal("https://a.test/p", start.Context!.Page);
        Assert.Equal("a@b.c", start.Context.Fields!["email"]);
        Assert.Null(FrameParser.TryParse(
            Encoding.UTF8.GetBytes("""{"type":"start","context":{"fields":{"n":1}}}"""), out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("not json", "Malformed JSON")]
    [InlineData("", "Malformed JSON")]
    [InlineData("""["type","ping"]""", "A frame is a JSON object with a string field \"type\".")]
    [InlineData("""{"kind":"ping"}""", "A frame is a JSON object with a string field \"type\".")]
    [InlineData("""{"type":1}""", "A frame is a JSON object with a string field \"type\".")]
    [InlineData("""{"type":"dance"}""", "Unknown frame type \"dance\".")]
    [InlineData("""{"type":"read","seq":"three"}""", "Malformed JSON")]
    public void Anything_else_is_refused_with_a_reason(string text, string reason)
    {
        Assert.Null(FrameParser.TryParse(Encoding.UTF8.GetBytes(text), out var error));
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"\\ud800\"}")]
    [InlineData("{\"type\":\"\\udfff\\ud800\"}")]
    [InlineData("{\"type\":\"ping\\ud800\"}")]
    public void A_type_that_is_no_valid_text_is_a_bad_frame_not_an_exception(string text)
    {
        var frame = FrameParser.TryParse(Encoding.UTF8.GetBytes(text), out var error);

        Assert.Null(frame);
        Assert.Equal("The frame type is not valid Unicode text.", error);
    }

    [Fact]
    public void Invalid_utf8_in_the_type_is_a_bad_frame_not_an_exception()
    {
        byte[] bytes = [.. "{\"type\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var frame = FrameParser.TryParse(bytes, out var error);

        Assert.Null(frame);
        Assert.NotNull(error);
    }

    private static ClientFrame? Parse(string text)
    {
        var frame = FrameParser.TryParse(Encoding.UTF8.GetBytes(text), out var error);
        Assert.Null(error);
        return frame;
    }
}
