using System.Text;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Tests.Protocol;

public sealed class FrameParserTests
{
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
}
