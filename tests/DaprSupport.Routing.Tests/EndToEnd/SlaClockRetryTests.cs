using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// An SLA clock whose breach could not be recorded is triggered again by the Scheduler, and the breach recorded once.
/// Here the history store is held by another writer past sqlite's busy timeout (2 s), so the turn that would record
/// the breach fails; daprd 1.17's Scheduler triggers a failed reminder again after 1 s, but only while it is still
/// registered. The session actor used to remove its SLA reminder at the start of the callback, so the retry never came
/// and the breach was lost (this test then times out).
/// </summary>
[Collection(ReactivationCollection.Name)]
public sealed class SlaClockRetryTests(ReactivationFixture system)
{
    [Fact]
    public async Task A_breach_whose_turn_failed_is_recorded_once_at_the_schedulers_next_trigger()
    {
        const string tenant = ReactivationFixture.SlaTenant;
        var sessionId = "s-" + Guid.NewGuid().ToString("N")[..12];
        var created = await system.Session(tenant, sessionId)
            .CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-1", "hello"));
        Assert.Null(created.Error);
        var failedOnce = system.EmulatorLogs.WhenLogged(m =>
            m.Contains("sla-resolution", StringComparison.Ordinal)
            && m.Contains(sessionId, StringComparison.Ordinal)
            && m.Contains("triggered again", StringComparison.Ordinal));

        // Another writer holds the history store from before the resolution clock runs out until that trigger failed.
        await using (await SqliteWriterLock.TakeAsync(system.HistoryDatabase))
        {
            Assert.DoesNotContain(await TimelineAsync(tenant, sessionId), i => i.Event == TimelineEvents.SlaBreached);
            await failedOnce.WaitAsync(TimeSpan.FromSeconds(ReactivationFixture.SlaResolutionSeconds + 30));
        }

        var published = await system.Breaches.BreachFor(sessionId, SlaBreach.Resolution).WaitAsync(TimeSpan.FromSeconds(20));
        var timeline = await TimelineAsync(tenant, sessionId);
        var breach = Assert.Single(timeline, i => i.Event == TimelineEvents.SlaBreached);
        Assert.Equal(SlaBreach.Resolution, breach.Text);
        Assert.Equal((long)timeline.Count, (await system.Session(tenant, sessionId).GetAsync()).LastSeq);
        Assert.Equal(
            (tenant, TimeSpan.FromSeconds(ReactivationFixture.SlaResolutionSeconds)), (published.Tenant, published.Threshold));
    }

    private Task<IReadOnlyList<TimelineItem>> TimelineAsync(string tenant, string sessionId) =>
        system.History.ReadAsync(tenant, sessionId, 0, 100, CancellationToken.None);
}
