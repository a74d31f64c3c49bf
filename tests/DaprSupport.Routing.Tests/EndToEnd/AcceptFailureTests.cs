using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// An accept whose turn fails after the agent's claim (here the history store is held by another writer past sqlite's
/// busy timeout, so the assigned event cannot be written) gives the claim back: the agent does not carry a session it
/// never got (security review M6), and the accept retried once the store is free assigns the session once.
/// </summary>
[Collection(ReactivationCollection.Name)]
public sealed class AcceptFailureTests(ReactivationFixture system)
{
    [Fact]
    public async Task An_accept_that_fails_after_the_claim_gives_the_claim_back_and_a_retry_assigns_once()
    {
        var tenant = "t-accept-" + Guid.NewGuid().ToString("N")[..8];
        var sessionId = "s-" + Guid.NewGuid().ToString("N")[..12];
        var agentId = "a-" + Guid.NewGuid().ToString("N")[..8];
        var session = system.Session(tenant, sessionId);
        Assert.Null((await session.CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-1", "hello"))).Error);
        var agent = system.Agent(tenant, agentId);
        await agent.SetPresenceAsync(new PresenceUpdate(AgentPresence.Online, ["general"], 2));
        var offered = await session.OfferAsync(new OfferRequest(agentId, "o-1", DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Equal(SessionStatus.Offered, offered.Session?.Status);

        await using (await SqliteWriterLock.TakeAsync(system.HistoryDatabase))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => session.AcceptAsync(new AcceptRequest(agentId, "r-1")));
        }

        Assert.Empty((await agent.GetSnapshotAsync()).Sessions);
        Assert.Equal(SessionStatus.Offered, (await session.GetAsync()).Status);

        var accepted = await session.AcceptAsync(new AcceptRequest(agentId, "r-1"));
        Assert.Equal((SessionStatus.Assigned, agentId), (accepted.Session?.Status, accepted.Session?.AgentId));
        Assert.Equal([sessionId], (await agent.GetSnapshotAsync()).Sessions);
    }
}
