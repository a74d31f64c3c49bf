using DaprSupport.Gateway.Tests.Unit.Fakes;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// An agent's connection tells the sessions service about itself under its own id: it beats at once (not a period
/// later) and on every heartbeat, and says when it closed, once its heartbeat has stopped, so the agent actor can take
/// the agent offline a short grace after its last connection closes. A visitor's connection does neither.
/// </summary>
public sealed class AgentConnectionNoticeTests
{
    private static readonly GatewayOptions OneBeatAnHour = new() { PresenceHeartbeat = TimeSpan.FromHours(1) };

    [Fact]
    public async Task An_agent_connection_beats_at_once_under_its_id_and_says_it_closed_after_its_last_beat()
    {
        using var rig = new ConversationRig(Sample.Agent, OneBeatAnHour);
        await rig.Backend.WaitForAsync(() => rig.Backend.Count("/heartbeat") == 1);
        var connection = ConnectionOf(Requests(rig).Single(r => r.EndsWith("/heartbeat", StringComparison.Ordinal)));

        rig.Conversation.EndInput();
        await rig.Pump.WaitAsync(TimeSpan.FromSeconds(10));

        var requests = Requests(rig);
        var closed = $"/v1/tenants/{Sample.Tenant}/agents/{Sample.AgentId}/connections/{connection}";
        Assert.Equal(closed, requests[^1]);
        Assert.Single(requests, closed);
        Assert.Equal(closed + "/heartbeat", requests.Single(r => r.EndsWith("/heartbeat", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Each_connection_of_the_same_agent_has_its_own_id()
    {
        using var first = new ConversationRig(Sample.Agent, OneBeatAnHour);
        using var second = new ConversationRig(Sample.Agent, OneBeatAnHour);
        await first.Backend.WaitForAsync(() => first.Backend.Count("/heartbeat") == 1);
        await second.Backend.WaitForAsync(() => second.Backend.Count("/heartbeat") == 1);

        Assert.NotEqual(
            ConnectionOf(Requests(first).Single(r => r.EndsWith("/heartbeat", StringComparison.Ordinal))),
            ConnectionOf(Requests(second).Single(r => r.EndsWith("/heartbeat", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_visitor_connection_neither_beats_nor_says_it_closed()
    {
        using var rig = new ConversationRig(Sample.Visitor, OneBeatAnHour);
        rig.Conversation.EndInput();
        await rig.Pump.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(Requests(rig), r => r.Contains("/connections/", StringComparison.Ordinal));
    }

    private static List<string> Requests(ConversationRig rig)
    {
        lock (rig.Backend.Requests)
        {
            return [.. rig.Backend.Requests];
        }
    }

    /// <summary>The connection id in <c>/v1/tenants/{t}/agents/{a}/connections/{id}/heartbeat</c>.</summary>
    private static string ConnectionOf(string path) => path.Split('/')[7];
}
