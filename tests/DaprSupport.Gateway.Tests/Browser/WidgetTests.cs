using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DaprSupport.Gateway.Tests.Browser;

/// <summary>
/// The visitor widget (<c>services/Gateway/wwwroot/widget</c>, served under <c>/widget/</c>) in a real headless
/// chromium against the whole system: token from the page's own origin, start/send, items rendered once in seq order,
/// queue position, the agent's reply, resume after a reload without duplicates or gaps, and the Origin allowlist.
/// Agents are <see cref="SocketClient"/>s; every test uses its own skill so routing never mixes tests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WidgetTests : IClassFixture<WidgetGatewaySystem>, IClassFixture<ChromiumBrowser>
{
    private readonly WidgetGatewaySystem _system;
    private readonly ChromiumBrowser _chromium;

    public WidgetTests(WidgetGatewaySystem system, ChromiumBrowser chromium)
    {
        _system = system;
        _chromium = chromium;
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task Gateway_serves_the_widget_files_under_widget()
    {
        using var http = _system.CreateHttpClient();

        using var page = await http.GetAsync(new Uri("/widget/", UriKind.Relative));
        using var script = await http.GetAsync(new Uri("/widget/widget.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"widget.js\"></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task First_message_starts_a_session_shown_as_seq_1_queued_with_a_position()
    {
        var skill = TestUsers.NewSkill();
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sent = RecordSentFrames(page);

        await page.GotoAsync(WidgetUrl(skill));
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await SayAsync(page, "My order never arrived");

        var first = page.Locator("#messages li[data-seq='1']");
        await Expect(first).ToHaveTextAsync(new Regex("My order never arrived"));
        await Expect(first).ToHaveClassAsync(new Regex(@"\bmine\b"));
        await Expect(page.Locator("#messages li[data-seq='2']")).ToHaveAttributeAsync("data-event", "queued");
        await Expect(page.Locator("#status")).ToHaveTextAsync("queued");
        await Expect(page.Locator("#position")).ToHaveTextAsync("You are number 1 in the queue");
        await Expect(page.Locator("#messages li")).ToHaveCountAsync(2);

        var start = Assert.Single(sent, f => Type(f) == "start");
        Assert.Matches(UuidPattern(), start.GetProperty("clientMsgId").GetString());
        Assert.Equal("My order never arrived", start.GetProperty("text").GetString());
        Assert.Equal(skill, start.GetProperty("skill").GetString());
        var sessionId = await StoredAsync(page, "sessionId");
        Assert.StartsWith("s-", sessionId, StringComparison.Ordinal);
        Assert.Equal("2", await StoredAsync(page, "lastSeq"));
        Assert.Matches("^v_[0-9a-f]{32}$", await StoredAsync(page, "visitorId"));
    }

    [Fact]
    public async Task Agent_reply_is_shown_and_later_messages_are_sends_to_the_session()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(skill);
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sent = RecordSentFrames(page);
        await page.Clock.InstallAsync(); // time flows; RunForAsync fires the page's pending timers (its 250 ms read)
        await page.GotoAsync(WidgetUrl(skill));

        await SayAsync(page, "Hello, anyone there?");
        var sessionId = await AcceptAsync(agent);
        await Expect(page.Locator("#status")).ToHaveTextAsync("assigned");
        await Expect(page.Locator("#position")).ToBeHiddenAsync();
        var replySeq = await AgentSaysAsync(agent, sessionId, "Hi! How can I help?");

        var reply = page.Locator($"#messages li[data-seq='{replySeq}']");
        await Expect(reply).ToHaveTextAsync(new Regex("How can I help"));
        await Expect(reply).ToHaveAttributeAsync("data-from", "agent");
        await Expect(reply).Not.ToHaveClassAsync(new Regex(@"\bmine\b"));

        // The visible page marks what others said read once shown; the agent is told.
        await agent.WaitForAsync(f => IsVisitorRead(f, replySeq), "the visitor's read of the reply");
        await SayAsync(page, "Where is my parcel?");
        var item = await agent.WaitForAsync(f => IsItem(f, sessionId) && f.GetProperty("text").GetString() == "Where is my parcel?", "the visitor's second text");
        var seq = item.GetProperty("seq").GetInt64();
        await Expect(page.Locator($"#messages li[data-seq='{seq}'].mine")).ToHaveTextAsync(new Regex("Where is my parcel"));
        var send = Assert.Single(sent, f => Type(f) == "send");
        Assert.Equal(sessionId, send.GetProperty("sessionId").GetString());
        Assert.Matches(UuidPattern(), send.GetProperty("clientMsgId").GetString());

        // Its own text needs no read (the next one covers it): with the page's timers run, the agent gets none for it
        // before the read of the next reply.
        await page.Clock.RunForAsync(1_000);
        var nextSeq = await AgentSaysAsync(agent, sessionId, "Let me check.");
        var read = await agent.WaitForAsync(f => IsVisitorRead(f, nextSeq), "the visitor's read of the next reply");
        Assert.Equal(sessionId, read.GetProperty("sessionId").GetString());
        Assert.DoesNotContain(agent.Received, f => IsVisitorRead(f, seq));
        await AssertSeqsAsync(page, nextSeq);

        static bool IsVisitorRead(JsonElement f, long seq) =>
            SocketClient.Type(f) == "read" && f.GetProperty("by").GetProperty("role").GetString() == "visitor"
            && f.GetProperty("seq").GetInt64() == seq;
    }

    [Fact]
    public async Task Reload_and_return_show_the_history_exactly_once_then_live_messages()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(skill);
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(WidgetUrl(skill));
        await SayAsync(page, "First question");
        var sessionId = await AcceptAsync(agent);
        var last = await AgentSaysAsync(agent, sessionId, "First answer");
        await Expect(page.Locator($"#messages li[data-seq='{last}']")).ToHaveTextAsync(new Regex("First answer"));
        var visitorId = await StoredAsync(page, "visitorId");

        // Reload: the cached history, then hello.resume after it (a second visitor would get not_found instead).
        await page.ReloadAsync();
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(page.Locator("#status")).ToHaveTextAsync("assigned");
        last = await AgentSaysAsync(agent, sessionId, "Live after the reload");
        await Expect(page.Locator($"#messages li[data-seq='{last}']")).ToHaveTextAsync(new Regex("Live after the reload"));
        await AssertSeqsAsync(page, last);
        Assert.Equal(visitorId, await StoredAsync(page, "visitorId"));

        // Away from the page while the agent writes: coming back shows what was missed, once.
        await page.GotoAsync("about:blank");
        var missed = await AgentSaysAsync(agent, sessionId, "Written while you were away");
        await page.GotoAsync(WidgetUrl(skill));
        await Expect(page.Locator($"#messages li[data-seq='{missed}']")).ToHaveTextAsync(new Regex("while you were away"));
        await SayAsync(page, "Back again");
        var back = await agent.WaitForAsync(f => IsItem(f, sessionId) && f.GetProperty("text").GetString() == "Back again", "the visitor's text after returning");
        last = back.GetProperty("seq").GetInt64();
        await Expect(page.Locator($"#messages li[data-seq='{last}'].mine")).ToHaveTextAsync(new Regex("Back again"));
        await AssertSeqsAsync(page, last);
        Assert.Equal(1, await page.Locator("#messages li", new() { HasText = "First question" }).CountAsync());
        Assert.Equal(1, await page.Locator("#messages li", new() { HasText = "while you were away" }).CountAsync());
    }

    [Fact]
    public async Task Socket_closed_with_4401_reconnects_with_a_new_token_and_resumes_after_the_last_seq()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(skill);
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sockets = await RouteSocketsAsync(page);
        await page.GotoAsync(WidgetUrl(skill));
        await SayAsync(page, "Before the drop");
        var sessionId = await AcceptAsync(agent);
        var shown = await AgentSaysAsync(agent, sessionId, "Answer before the drop");
        await Expect(page.Locator($"#messages li[data-seq='{shown}']")).ToHaveTextAsync(new Regex("before the drop"));
        var first = Assert.Single(sockets);

        // The gateway's answer to an expired token: the page must get a new token, then reconnect and resume.
        await page.RunAndWaitForRequestAsync(
            () => first.Page.CloseAsync(new WebSocketRouteCloseOptions { Code = 4401, Reason = "token expired" }),
            r => r.Url.EndsWith("/v1/auth/visitor", StringComparison.Ordinal));
        await first.Server.CloseAsync();
        var missed = await AgentSaysAsync(agent, sessionId, "Written during the reconnect");
        var second = await sockets.NextAsync(1);
        var hello = await second.FirstFrame.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("hello", Type(hello));
        Assert.Equal(shown, hello.GetProperty("resume").GetProperty(sessionId).GetInt64());
        await Expect(page.Locator($"#messages li[data-seq='{missed}']")).ToHaveTextAsync(new Regex("during the reconnect"));
        var live = await AgentSaysAsync(agent, sessionId, "Live on the new socket");
        await Expect(page.Locator($"#messages li[data-seq='{live}']")).ToHaveTextAsync(new Regex("Live on the new socket"));
        await AssertSeqsAsync(page, live);
    }

    [Fact]
    public async Task Socket_closed_with_4403_is_not_reconnected_and_the_widget_says_so()
    {
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sockets = await RouteSocketsAsync(page);
        await page.GotoAsync(WidgetUrl(TestUsers.NewSkill()));
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        var first = Assert.Single(sockets);

        await first.Page.CloseAsync(new WebSocketRouteCloseOptions { Code = 4403, Reason = "blocked" });

        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "error");
        await Expect(page.Locator("#error")).ToHaveTextAsync(new Regex("blocked"));
        await Expect(page.Locator("#send")).ToBeDisabledAsync();
        Assert.Single(sockets);
    }

    [Fact]
    public async Task Page_from_an_origin_off_the_allowlist_gets_no_token_and_shows_an_error()
    {
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sockets = 0;
        page.WebSocket += (_, _) => Interlocked.Increment(ref sockets);

        // The same server under another host name: a different origin, which tenant acme does not allow.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GotoAsync($"{_system.ForeignOrigin}/widget/?tenant={TestTenants.Acme}"),
            r => r.Url.EndsWith("/v1/auth/visitor", StringComparison.Ordinal));

        Assert.Equal(403, response.Status);
        Assert.Equal(_system.ForeignOrigin, await response.Request.HeaderValueAsync("origin"));
        await Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Expect(page.Locator("#error")).ToHaveTextAsync(new Regex("not available here.*forbidden"));
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "error");
        await Expect(page.Locator("#send")).ToBeDisabledAsync();
        Assert.Equal(0, Volatile.Read(ref sockets));
        Assert.Null(await StoredOrNullAsync(page, "visitorId"));
    }

    private string WidgetUrl(string skill) => $"{_system.AllowedOrigin}/widget/?tenant={TestTenants.Acme}&skill={skill}";

    private static async Task SayAsync(IPage page, string text)
    {
        await page.Locator("#text").FillAsync(text);
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#text")).ToHaveValueAsync(string.Empty);
    }

    private async Task<SocketClient> OnlineAgentAsync(string skill)
    {
        var (_, token) = _system.Agent(skill);
        var agent = await SocketClient.ConnectAsync(_system.GatewayWs, token);
        await agent.SendAsync(new { type = "presence", status = "online" });
        return agent;
    }

    private static async Task<string> AcceptAsync(SocketClient agent)
    {
        var offer = await agent.WaitForTypeAsync("offer");
        var sessionId = offer.GetProperty("sessionId").GetString()!;
        await agent.SendAsync(new { type = "accept", sessionId });
        await agent.WaitForAsync(
            f => SocketClient.Type(f) == "session" && f.GetProperty("sessionId").GetString() == sessionId && f.GetProperty("status").GetString() == "assigned",
            "assigned");
        return sessionId;
    }

    private static async Task<long> AgentSaysAsync(SocketClient agent, string sessionId, string text)
    {
        var clientMsgId = Guid.NewGuid().ToString();
        await agent.SendAsync(new { type = "send", clientMsgId, sessionId, text });
        var ack = await agent.WaitForAsync(f => SocketClient.Type(f) == "ack" && f.GetProperty("clientMsgId").GetString() == clientMsgId, "ack " + text);
        return ack.GetProperty("seq").GetInt64();
    }

    /// <summary>The page shows items 1..<paramref name="last"/>, each once, in order.</summary>
    private static async Task AssertSeqsAsync(IPage page, long last)
    {
        var items = page.Locator("#messages li");
        await Expect(items).ToHaveCountAsync((int)last);
        var seqs = await items.EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.seq))");
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), seqs);
    }

    private static async Task<string> StoredAsync(IPage page, string name) =>
        await StoredOrNullAsync(page, name) ?? throw new InvalidOperationException($"localStorage has no {name}");

    private static Task<string?> StoredOrNullAsync(IPage page, string name) =>
        page.EvaluateAsync<string?>("key => localStorage.getItem(key)", $"daprsupport:{TestTenants.Acme}:{name}");

    /// <summary>Every text frame the page sends on its WebSockets, parsed.</summary>
    private static ConcurrentQueue<JsonElement> RecordSentFrames(IPage page)
    {
        var sent = new ConcurrentQueue<JsonElement>();
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            if (frame.Text is { } text)
            {
                sent.Enqueue(JsonDocument.Parse(text).RootElement.Clone());
            }
        };
        return sent;
    }

    /// <summary>Routes the page's WebSockets through the test (forwarded both ways) so a test can close them with a chosen code.</summary>
    private static async Task<RoutedSockets> RouteSocketsAsync(IPage page)
    {
        var sockets = new RoutedSockets();
        await page.RouteWebSocketAsync(new Regex("/v1/ws"), route =>
        {
            var server = route.ConnectToServer();
            var routed = new RoutedSocket(route, server);
            route.OnMessage(frame =>
            {
                if (frame.Text is { } text)
                {
                    routed.FirstFrame.TrySetResult(JsonDocument.Parse(text).RootElement.Clone());
                    server.Send(text);
                }
            });
            sockets.Add(routed);
        });
        return sockets;
    }

    private static string? Type(JsonElement frame) => SocketClient.Type(frame);

    private static bool IsItem(JsonElement frame, string sessionId) =>
        SocketClient.Type(frame) == "item" && frame.GetProperty("sessionId").GetString() == sessionId && frame.GetProperty("kind").GetString() == "text";

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();

    private sealed record RoutedSocket(IWebSocketRoute Page, IWebSocketRoute Server)
    {
        public TaskCompletionSource<JsonElement> FirstFrame { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The page's sockets in the order it opened them; <see cref="NextAsync"/> awaits one not opened yet.</summary>
    private sealed class RoutedSockets : IEnumerable<RoutedSocket>
    {
        private readonly List<RoutedSocket> _sockets = [];
        private readonly List<TaskCompletionSource<RoutedSocket>> _waiters = [];

        public void Add(RoutedSocket socket)
        {
            lock (_sockets)
            {
                _sockets.Add(socket);
                foreach (var waiter in _waiters.Where(w => !w.Task.IsCompleted).Take(1))
                {
                    waiter.TrySetResult(socket);
                }
            }
        }

        public Task<RoutedSocket> NextAsync(int index)
        {
            lock (_sockets)
            {
                if (index < _sockets.Count)
                {
                    return Task.FromResult(_sockets[index]);
                }

                var waiter = new TaskCompletionSource<RoutedSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(waiter);
                return waiter.Task.WaitAsync(TimeSpan.FromSeconds(15));
            }
        }

        public IEnumerator<RoutedSocket> GetEnumerator()
        {
            lock (_sockets)
            {
                return _sockets.ToList().GetEnumerator();
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
