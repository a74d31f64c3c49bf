using System.Collections.Concurrent;

namespace DaprSupport.LoadGen.Tests;

/// <summary>
/// The <c>chat</c> clean-up, like the <c>starts</c> one (<see cref="SessionCleanup"/>): every session the run started is
/// resolved, also one whose visitor never learnt it, and each resolve is sent again until it is confirmed. It sent all
/// its resolves at once (1,000 in a storm run) and did not confirm them.
/// </summary>
public sealed class ChatCleanupTests
{
    [Fact]
    public async Task A_visitor_that_never_learnt_its_session_starts_again_and_each_resolve_is_sent_until_confirmed()
    {
        var starts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var resolves = new ConcurrentQueue<string>();
        var lost = 0;
        await using var app = FakeGateway.Create();
        app.MapFrames(async (frame, answer) =>
        {
            switch ((string?)frame["type"])
            {
                case "start":
                    // One visitor's first start is answered with nothing (lost under overload); the rest are started
                    // and assigned at once.
                    var id = (string)frame["clientMsgId"]!;
                    var sessionId = "s-" + id;
                    if (starts.AddOrUpdate(id, 1, (_, n) => n + 1) == 1 && Interlocked.Increment(ref lost) == 1)
                    {
                        break;
                    }

                    await answer(new { type = "ack", sessionId });
                    await answer(new { type = "session", sessionId, status = "assigned" });
                    break;
                case "resolve":
                    // The first resolve of each session fails as under overload; the next is confirmed.
                    var resolved = (string)frame["sessionId"]!;
                    var again = resolves.Contains(resolved);
                    resolves.Enqueue(resolved);
                    await answer(again
                        ? new { type = "session", sessionId = resolved, status = "resolved" }
                        : new { type = "error", code = "unavailable", message = "busy" });
                    break;
            }
        });
        await app.StartAsync();
        var options = new CommonOptions(new Uri(app.Urls.First()), "demo", "key", TimeSpan.FromSeconds(0.3), null, null);
        var chat = new ChatOptions(Pairs: 3, Agents: 1, Rate: 1, StartRate: 100, AssignSeconds: 1)
        {
            Drain = TimeSpan.FromMilliseconds(100),
        };

        var result = await ChatScenario.RunAsync(options, chat, CancellationToken.None);

        Assert.StartsWith("2 / ", result.Figures.Single(f => f.Name == "messages sent / delivered").Value, StringComparison.Ordinal);
        Assert.Equal(3, starts.Count);
        Assert.Single(starts, s => s.Value == 2);
        Assert.Equal(
            starts.Keys.SelectMany(id => new[] { "s-" + id, "s-" + id }).Order(StringComparer.Ordinal),
            resolves.Order(StringComparer.Ordinal));
    }

}
