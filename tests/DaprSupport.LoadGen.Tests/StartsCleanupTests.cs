using System.Collections.Concurrent;

namespace DaprSupport.LoadGen.Tests;

/// <summary>
/// The <c>starts</c> clean-up resolves every session the run created, also one whose visitor never learnt it (the
/// answer to its start was lost under overload), and sends a resolve again until it is confirmed. Sessions left open
/// were queued again for the next run's agents: a 15/s run after a 30/s one assigned 446 to 566 of 600.
/// </summary>
public sealed class StartsCleanupTests
{
    [Fact]
    public async Task A_visitor_that_never_learnt_its_session_starts_again_and_each_resolve_is_sent_until_confirmed()
    {
        var starts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var resolved = new ConcurrentBag<string>();
        await using var app = FakeGateway.Create();
        app.MapFrames(async (frame, answer) =>
        {
            switch ((string?)frame["type"])
            {
                // The first start's answer is lost; the same start again is answered with its session.
                case "start" when starts.AddOrUpdate((string)frame["clientMsgId"]!, 1, (_, n) => n + 1) > 1:
                    await answer(new { type = "ack", sessionId = "s-" + (string)frame["clientMsgId"]! });
                    break;
                // The first resolve fails as under overload; the next is confirmed.
                case "resolve":
                    var sessionId = (string)frame["sessionId"]!;
                    var again = resolved.Contains(sessionId);
                    resolved.Add(sessionId);
                    await answer(again
                        ? new { type = "session", sessionId, status = "resolved" }
                        : new { type = "error", code = "unavailable", message = "busy" });
                    break;
            }
        });
        await app.StartAsync();
        var options = new CommonOptions(new Uri(app.Urls.First()), "demo", "key", TimeSpan.FromSeconds(0.3), null, null);

        var result = await StartsScenario.RunAsync(
            options, new StartsOptions(Rate: 10, Agents: 1, Grace: TimeSpan.FromMilliseconds(200)), CancellationToken.None);

        Assert.StartsWith("0/3 after", result.Figures.Single(f => f.Name == "assigned").Value, StringComparison.Ordinal);
        Assert.Equal(3, starts.Count);
        Assert.Equal(
            starts.Keys.SelectMany(id => new[] { "s-" + id, "s-" + id }).Order(StringComparer.Ordinal),
            resolved.Order(StringComparer.Ordinal));
    }
}
