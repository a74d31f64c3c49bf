using System.Text;
using DaprSupport.Gateway.Protocol;
using FsCheck;
using FsCheck.Fluent;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// Bad input never hurts the frame parser (issue 11 item 7): whatever the bytes, <see cref="FrameParser.TryParse"/>
/// returns a frame or a bad_frame reason, and never throws.
/// </summary>
public sealed class FrameParserProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(2_000);

    [Fact]
    public void Hostile_frame_text_parses_to_a_frame_or_a_reason() =>
        Check.One(Runs, Prop.ForAll(Arb.From(HostileInput.Text()), text => AnswersWithoutThrowing(Encoding.UTF8.GetBytes(text))));

    [Fact]
    public void Bytes_that_are_not_utf8_parse_to_a_frame_or_a_reason() =>
        Check.One(Runs, Prop.ForAll(Arb.From(HostileInput.Bytes), AnswersWithoutThrowing));

    [Fact]
    public void Every_frame_type_with_random_fields_parses_to_its_type_or_a_reason() =>
        Check.One(Runs, Prop.ForAll(Arb.From(HostileInput.Frame()), text =>
        {
            var frame = FrameParser.TryParse(Encoding.UTF8.GetBytes(text), out var error);
            return (frame is null) != (error is null);
        }));

    [Theory]
    [InlineData("""{"type":"\ud800"}""")]
    [InlineData("""{"type":"send","text":"\ud800","clientMsgId":"\udc00","sessionId":"s1"}""")]
    [InlineData("""{"type":"hello","resume":{"s1":1,"s1":2}}""")]
    [InlineData("""{"type":"hello","resume":{"\ud800":1}}""")]
    [InlineData("""{"type":"read","sessionId":"s1","seq":1e309}""")]
    [InlineData("""{"type":"start","priority":2147483648,"clientMsgId":"m","text":"t"}""")]
    public void Known_hostile_frames_are_answered(string text) =>
        Assert.True(AnswersWithoutThrowing(Encoding.UTF8.GetBytes(text)));

    private static bool AnswersWithoutThrowing(byte[] bytes)
    {
        var frame = FrameParser.TryParse(bytes, out var error);
        return (frame is null) != (error is null);
    }
}
