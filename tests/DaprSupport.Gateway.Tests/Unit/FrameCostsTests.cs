using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="FrameCosts"/>: a <c>hello</c> is charged for the sessions it resumes (security review H1), every other
/// frame one token.
/// </summary>
public sealed class FrameCostsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(35, 4)]
    [InlineData(FrameCosts.MaxResumeSessions, 10)]
    [InlineData(400, 10)]
    public void A_hello_costs_one_token_per_started_ten_sessions_it_resumes(int sessions, int tokens)
    {
        var resume = Enumerable.Range(0, sessions).ToDictionary(i => $"s{i}", _ => 0L);

        Assert.Equal(tokens, FrameCosts.Of(new HelloFrame(resume)));
    }

    [Fact]
    public void Every_other_frame_and_an_unreadable_one_cost_one_token()
    {
        Assert.Equal(1, FrameCosts.Of(new PingFrame()));
        Assert.Equal(1, FrameCosts.Of(new SendFrame("m", "s", "hi")));
        Assert.Equal(1, FrameCosts.Of(new HelloFrame(null)));
        Assert.Equal(1, FrameCosts.Of(null));
    }
}
