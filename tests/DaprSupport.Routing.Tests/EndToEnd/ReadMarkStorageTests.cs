using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// A read mark is saved only when the reader's stored one is <c>Routing:ReadMarkSaveSeconds</c> (30 s) old: the pages
/// send a read for every item they show, and each was an etcd write of the whole session record. Newer marks are
/// answered from memory, every later save carries them, and a restart takes back only those not saved yet.
/// </summary>
[Collection(ReactivationCollection.Name)]
public sealed class ReadMarkStorageTests(ReactivationFixture system)
{
    [Fact]
    public async Task A_readers_first_mark_is_saved_newer_ones_ride_with_the_next_save_and_a_restart_keeps_the_saved()
    {
        var tenant = "t-read-" + Guid.NewGuid().ToString("N")[..8];
        var sessionId = "s-" + Guid.NewGuid().ToString("N")[..12];
        var created = await system.Session(tenant, sessionId)
            .CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-0", "hello"));
        var last = created.Session!.LastSeq;
        Assert.True(last >= 2);

        var first = await system.Session(tenant, sessionId).MarkReadAsync(new MarkReadRequest(Roles.Visitor, "v-1", 1));
        var saved = await StateRevisionAsync(sessionId);
        var newer = await system.Session(tenant, sessionId).MarkReadAsync(new MarkReadRequest(Roles.Visitor, "v-1", last));

        Assert.Equal(1, MarkOf(first.Session!));
        Assert.Equal(last, MarkOf(newer.Session!));
        Assert.Equal(saved, await StateRevisionAsync(sessionId));
        Assert.Equal(first.Session!.Version, newer.Session!.Version);
        Assert.Equal(last, MarkOf(await system.Session(tenant, sessionId).GetAsync()));

        // What was not saved yet is what a restart takes back: the stored mark, never less.
        system.RestartSessions();
        Assert.Equal(1, MarkOf(await system.Session(tenant, sessionId).GetAsync()));

        // A mark kept in memory is saved by the session's next change.
        await system.Session(tenant, sessionId).MarkReadAsync(new MarkReadRequest(Roles.Visitor, "v-1", last));
        var resolved = await system.Session(tenant, sessionId).ResolveAsync(new ResolveRequest("v-1", Roles.Visitor));
        Assert.Null(resolved.Error);
        system.RestartSessions();
        Assert.Equal(last, MarkOf(await system.Session(tenant, sessionId).GetAsync()));
    }

    private static long? MarkOf(SessionSnapshot session) =>
        session.ReadMarks?.SingleOrDefault(m => m.By.Role == Roles.Visitor)?.Seq;

    private Task<long> StateRevisionAsync(string sessionId) => system.StateRevisionAsync(sessionId, "session");
}
