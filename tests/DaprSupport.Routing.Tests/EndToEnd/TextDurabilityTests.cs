using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// A text's one durable write is its history record, first-write on its seq; the session actor's state is saved with
/// status changes only (and every 100 texts). These pin what that must still guarantee on a real restart of the
/// sessions service: nothing acknowledged is lost, a retried clientMsgId is answered with its first seq, a seq is
/// never owned twice, and items a failed turn left behind are not taken for messages.
/// </summary>
[Collection(ReactivationCollection.Name)]
public sealed class TextDurabilityTests(ReactivationFixture system)
{
    private static string NewTenant() => "t-text-" + Guid.NewGuid().ToString("N")[..8];

    private static string NewSession() => "s-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Texts_acknowledged_before_a_restart_are_there_after_it_and_a_retry_gets_its_first_seq()
    {
        var (tenant, sessionId) = (NewTenant(), NewSession());
        var created = await system.Session(tenant, sessionId)
            .CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-0", "hello"));
        var start = created.Session!.LastSeq;
        var acks = new List<long>();
        for (var i = 1; i <= 5; i++)
        {
            acks.Add((await system.Session(tenant, sessionId).AppendTextAsync(Text($"m-{i}", $"text {i}"))).Seq);
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(i => start + i), acks);

        system.RestartSessions();
        var session = system.Session(tenant, sessionId);
        Assert.Equal(start + 5, (await session.GetAsync()).LastSeq);
        var retried = await session.AppendTextAsync(Text("m-3", "text 3"));
        Assert.True(retried.Duplicate);
        Assert.Equal(start + 3, retried.Seq);
        Assert.Equal(start + 6, (await session.AppendTextAsync(Text("m-6", "text 6"))).Seq);

        system.RestartSessions();
        var items = await system.History.ReadAsync(tenant, sessionId, 0, start + 10, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, (int)start + 6).Select(i => (long)i), items.Select(i => i.Seq));
        Assert.Equal(["text 1", "text 2", "text 3", "text 4", "text 5", "text 6"], items.Skip((int)start).Select(i => i.Text));
        Assert.Equal(start + 6, (await system.Session(tenant, sessionId).GetAsync()).LastSeq);
    }

    [Fact]
    public async Task A_seq_already_in_the_history_store_is_never_overwritten_and_the_retry_appends_after_it()
    {
        var (tenant, sessionId) = (NewTenant(), NewSession());
        var created = await system.Session(tenant, sessionId)
            .CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-0", "hello"));
        var next = created.Session!.LastSeq + 1;

        // Another writer (a second activation, say) took the next seq behind this activation's back.
        var theirs = new TimelineItem(tenant, sessionId, next, TimelineItemKind.Text, null,
            new Participant(Roles.Visitor, "v-1", "Vi"), "theirs", DateTimeOffset.UtcNow, "m-theirs");
        await system.History.StoreAllAsync([theirs], CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => system.Session(tenant, sessionId).AppendTextAsync(Text("m-1", "mine")));
        var retried = await system.Session(tenant, sessionId).AppendTextAsync(Text("m-1", "mine"));

        Assert.Null(retried.Error);
        Assert.Equal(next + 1, retried.Seq);
        var items = await system.History.ReadAsync(tenant, sessionId, next - 1, next + 1, CancellationToken.None);
        Assert.Equal(["theirs", "mine"], items.Select(i => i.Text));
        Assert.True((await system.Session(tenant, sessionId).AppendTextAsync(Text("m-theirs", "theirs"))).Duplicate);
    }

    [Fact]
    public async Task An_event_a_failed_turn_left_after_the_saved_seq_is_deleted_and_its_seq_reused()
    {
        var (tenant, sessionId) = (NewTenant(), NewSession());
        var created = await system.Session(tenant, sessionId)
            .CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-0", "hello"));
        var next = created.Session!.LastSeq + 1;
        var orphan = new TimelineItem(tenant, sessionId, next, TimelineItemKind.Event, TimelineEvents.Resolved,
            new Participant(Roles.System, "router", null), null, DateTimeOffset.UtcNow, null);
        await system.History.StoreAllAsync([orphan], CancellationToken.None);

        system.RestartSessions();
        var session = system.Session(tenant, sessionId);
        var read = await session.GetAsync();
        Assert.Equal(next - 1, read.LastSeq);
        Assert.Equal(SessionStatus.Queued, read.Status);
        Assert.Equal(next, (await session.AppendTextAsync(Text("m-1", "after the orphan"))).Seq);
        var item = Assert.Single(await system.History.ReadAsync(tenant, sessionId, next - 1, next, CancellationToken.None));
        Assert.Equal(TimelineItemKind.Text, item.Kind);
        Assert.Equal("after the orphan", item.Text);
    }

    [Fact]
    public async Task A_text_writes_no_actor_state_and_a_status_change_does()
    {
        var (tenant, sessionId) = (NewTenant(), NewSession());
        await system.Session(tenant, sessionId).CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-0", "hi"));
        var created = await StateRevisionAsync(sessionId);

        for (var i = 1; i <= 20; i++)
        {
            await system.Session(tenant, sessionId).AppendTextAsync(Text($"m-{i}", $"text {i}"));
        }

        Assert.Equal(created, await StateRevisionAsync(sessionId));
        await system.Session(tenant, sessionId).ResolveAsync(new ResolveRequest("v-1", Roles.Visitor));
        Assert.True(await StateRevisionAsync(sessionId) > created);
    }

    private Task<long> StateRevisionAsync(string sessionId) => system.StateRevisionAsync(sessionId, "session");

    private static AppendTextRequest Text(string clientMsgId, string text) =>
        new(clientMsgId, Roles.Visitor, "v-1", "Vi", text);
}
