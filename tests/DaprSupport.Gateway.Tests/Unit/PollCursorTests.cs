using DaprSupport.Gateway.Realtime.Transport.LongPoll;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="PollCursor"/>: the opaque <c>cursor</c> long-poll clients echo (docs/protocol.md "Long-poll").
/// </summary>
public sealed class PollCursorTests
{
    [Theory]
    [InlineData("0a1b.0", "0a1b", 0)]
    [InlineData("0a1b.42", "0a1b", 42)]
    [InlineData("a.b.7", "a.b", 7)]
    public void A_cursor_names_the_conversation_and_the_frames_the_client_has(string text, string id, long next)
    {
        Assert.Equal(new PollCursor(id, next), PollCursor.Parse(text));
        Assert.Equal(text, new PollCursor(id, next).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0a1b")]
    [InlineData(".5")]
    [InlineData("0a1b.")]
    [InlineData("0a1b.-1")]
    [InlineData("0a1b.+1")]
    [InlineData("0a1b. 1")]
    [InlineData("0a1b.x")]
    [InlineData("0a1b.99999999999999999999")]
    public void Anything_else_is_no_cursor(string? text) => Assert.Null(PollCursor.Parse(text));
}
