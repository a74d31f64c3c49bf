using System.Net;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// An agent's connections (docs/protocol.md, "Limits"): a gateway names each connection in its heartbeats and says
/// when it closed. The agent goes offline a grace after its last open connection closed (1 s in this tenant, whose
/// lease is the default 60 s) and its offer is withdrawn; a reconnect within the grace keeps it online, and so does
/// another connection left open. An agent that lapsed is back at its next beat; one who chose offline is not. Real
/// agent and session actors, the emulator's reminders, etcd.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class AgentConnectionTests(RoutingSystemFixture fixture)
{
    private const string T = RoutingSystemFixture.Tenants.Closed;
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task The_agent_goes_offline_a_grace_after_its_last_connection_closes_and_its_offer_is_withdrawn()
    {
        var agent = NewId("closer");
        var skill = NewId("skill");
        await _api.PresenceAsync(T, agent, AgentPresence.Online, [skill]);
        await _api.ConnectionHeartbeatAsync(T, agent, "c1");
        var session = (await _api.CreateAsync(T, NewId("v"), skill: skill)).SessionId;
        await _api.OfferedAsync(T, session, agent);

        var closing = DateTimeOffset.UtcNow;
        var closed = await _api.ConnectionClosedAsync(T, agent, "c1");
        Assert.Equal(AgentPresence.Online, closed.Presence);
        Assert.InRange(closed.PresenceExpiresAt!.Value, closing, closing.AddSeconds(30));

        await Eventually.Until(() => _api.AgentAsync(T, agent), a => a.Presence == AgentPresence.Offline, 20,
            "offline a grace after the last connection closed");
        await Eventually.Until(() => _api.SessionAsync(T, session),
            s => s.Status == SessionStatus.Queued && s.OfferedTo is null, 15, "offer withdrawn");
    }

    [Fact]
    public async Task A_connection_beating_within_the_grace_keeps_the_agent_online_until_it_closes_too()
    {
        var agent = NewId("reloader");
        await _api.PresenceAsync(T, agent, AgentPresence.Online, [NewId("skill")]);
        await _api.ConnectionHeartbeatAsync(T, agent, "before-reload");
        var graceEnded = fixture.AgentLogs.WhenLogged(m => m.Contains(agent, StringComparison.Ordinal)
            && m.Contains("came back within the grace", StringComparison.Ordinal));

        await _api.ConnectionClosedAsync(T, agent, "before-reload");
        await _api.ConnectionHeartbeatAsync(T, agent, "after-reload");
        await graceEnded.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(AgentPresence.Online, (await _api.AgentAsync(T, agent)).Presence);

        await CloseAndAwaitOfflineAsync(agent, "after-reload");
    }

    [Fact]
    public async Task Another_open_connection_keeps_the_whole_lease_when_one_closes()
    {
        var agent = NewId("two-tabs");
        await _api.PresenceAsync(T, agent, AgentPresence.Online, [NewId("skill")]);
        var beaten = DateTimeOffset.UtcNow;
        await _api.ConnectionHeartbeatAsync(T, agent, "tab-1");
        await _api.ConnectionHeartbeatAsync(T, agent, "tab-2");

        // The lease (60 s after the last beat) still ends it, not the grace (1 s after the close).
        var oneClosed = await _api.ConnectionClosedAsync(T, agent, "tab-1");
        Assert.Equal(AgentPresence.Online, oneClosed.Presence);
        Assert.True(oneClosed.PresenceExpiresAt >= beaten.AddSeconds(60), "no grace with a tab open");

        await CloseAndAwaitOfflineAsync(agent, "tab-2");
    }

    [Fact]
    public async Task An_agent_that_lapsed_is_back_at_the_next_beat_and_is_offered_chats_again()
    {
        var agent = NewId("lapsed");
        var skill = NewId("skill");
        await _api.PresenceAsync(T, agent, AgentPresence.Online, [skill]);
        await _api.ConnectionHeartbeatAsync(T, agent, "c1");
        await CloseAndAwaitOfflineAsync(agent, "c1");

        // Its client is there again (a sessions outage ended, or the desk reconnected): no presence frame needed.
        var back = await _api.ConnectionHeartbeatAsync(T, agent, "c2");
        Assert.Equal(AgentPresence.Online, back.Presence);
        var session = (await _api.CreateAsync(T, NewId("v"), skill: skill)).SessionId;
        await _api.OfferedAsync(T, session, agent);
    }

    [Fact]
    public async Task An_agent_who_chose_offline_is_not_brought_online_by_a_beat_and_bad_ids_are_refused()
    {
        var agent = NewId("offline");
        Assert.Equal(AgentPresence.Offline, (await _api.ConnectionHeartbeatAsync(T, agent, "c1")).Presence);
        Assert.Equal(AgentPresence.Offline, (await _api.ConnectionClosedAsync(T, agent, "c1")).Presence);
        await _api.PresenceAsync(T, agent, AgentPresence.Online);
        await _api.PresenceAsync(T, agent, AgentPresence.Offline);
        Assert.Equal(AgentPresence.Offline, (await _api.ConnectionHeartbeatAsync(T, agent, "c2")).Presence);
        Assert.Equal(AgentPresence.Offline, (await _api.HeartbeatAsync(T, agent)).Presence);

        using var beat = await _api.Http.PostAsync(
            new Uri($"/v1/tenants/{T}/agents/{agent}/connections/bad%20id/heartbeat", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadRequest, beat.StatusCode);
        Assert.Equal("application/problem+json", beat.Content.Headers.ContentType?.MediaType);
        using var close = await _api.Http.DeleteAsync(
            new Uri($"/v1/tenants/{T}/agents/{agent}/connections/bad%5Cid", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, close.StatusCode);
    }

    /// <summary>Closes the agent's last open connection and awaits the agent offline a grace later.</summary>
    private async Task CloseAndAwaitOfflineAsync(string agent, string connection)
    {
        await _api.ConnectionClosedAsync(T, agent, connection);
        await Eventually.Until(() => _api.AgentAsync(T, agent), a => a.Presence == AgentPresence.Offline, 20,
            $"{agent} offline a grace after {connection}, its last connection, closed");
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
