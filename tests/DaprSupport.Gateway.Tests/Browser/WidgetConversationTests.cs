using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;
using static DaprSupport.Gateway.Tests.Browser.DeskPage;
using static Microsoft.Playwright.Assertions;

namespace DaprSupport.Gateway.Tests.Browser;

/// <summary>
/// The widget's conversation controls: the tenant's pre-chat form, the offline form, typing both ways, "Seen" from
/// the agent's read marks, and End chat. Frames the gateway of this branch does not produce yet (status
/// <c>offline</c>, relayed <c>typing</c>) are played to the page by the test, exactly as the protocol documents them.
/// </summary>
public sealed partial class WidgetTests
{
    [Fact]
    public async Task Pre_chat_form_asks_the_tenant_fields_and_the_start_carries_them_as_context()
    {
        var tenant = _system.NewTenant(WidgetTenants.NameAndEmail());
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sent = new SentFrames(page);
        await page.GotoAsync($"{_system.AllowedOrigin}/widget/?tenant={tenant}");

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Before we start, please tell us:" });
        await Expect(form).ToBeVisibleAsync();
        await Expect(page.Locator("#composer")).ToBeHiddenAsync();
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await form.GetByLabel("Your message").FillAsync("My kettle leaks");
        await form.GetByLabel("Email", new() { Exact = true }).FillAsync("vera@example.com");
        await ScreenshotAsync(page, "widget-prechat");

        // The name is required: the browser keeps the form until it is filled in.
        await form.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        Assert.True(await form.GetByLabel("Your name").EvaluateAsync<bool>("el => el.validity.valueMissing"));
        await Expect(form).ToBeVisibleAsync();

        await form.GetByLabel("Your name").FillAsync("Vera");
        await form.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();

        await Expect(form).ToBeHiddenAsync();
        await Expect(page.Locator("#composer")).ToBeVisibleAsync();
        var start = await sent.WaitForAsync(f => Type(f) == "start");
        Assert.Equal("My kettle leaks", start.GetProperty("text").GetString());
        Assert.Equal("""{"fields":{"name":"Vera","email":"vera@example.com"}}""", start.GetProperty("context").GetRawText());
        Assert.Single(sent.All, f => Type(f) == "start");
    }

    [Fact]
    public async Task Offline_status_shows_the_offline_message_and_a_form_whose_message_carries_the_pre_chat_email()
    {
        const string closed = "We are closed until 8:00. Leave a message and we will answer by email.";
        var tenant = _system.NewTenant(WidgetTenants.NameAndEmail(), "We are closed (from the configuration).");
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var server = await FakeGatewaySocketAsync(page, status: "offline", closed);
        await page.GotoAsync($"{_system.AllowedOrigin}/widget/?tenant={tenant}");

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Before we start, please tell us:" });
        await form.GetByLabel("Your name").FillAsync("Vera");
        await form.GetByLabel("Email", new() { Exact = true }).FillAsync("vera@example.com");
        await form.GetByLabel("Your message").FillAsync("Night question");
        await form.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();

        var offline = page.GetByRole(AriaRole.Region, new() { Name = "We are offline" });
        await Expect(offline).ToBeVisibleAsync();
        await Expect(page.Locator("#offline-message")).ToHaveTextAsync(closed);
        await Expect(page.Locator("#messages li[data-seq='2']")).ToHaveAttributeAsync("data-event", "offline");
        await Expect(page.Locator("#composer")).ToBeHiddenAsync();
        await Expect(offline.GetByLabel("Your email (for our answer)")).ToHaveValueAsync("vera@example.com");
        await offline.GetByLabel("Your message").FillAsync("Please call me back about order 1234");
        await ScreenshotAsync(page, "widget-offline");
        await offline.GetByRole(AriaRole.Button, new() { Name = "Leave message" }).ClickAsync();

        var send = await server.SentAsync("send");
        Assert.Equal(FakeSessionId, send.GetProperty("sessionId").GetString());
        Assert.Equal("Please call me back about order 1234\n\nEmail: vera@example.com", send.GetProperty("text").GetString());
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex("get back to you"));
        await Expect(page.Locator("#messages li[data-seq='3'].mine")).ToHaveTextAsync(new Regex("order 1234"));
    }

    [Fact]
    public async Task Typing_is_sent_at_most_every_two_seconds_and_an_agent_typing_frame_shows_for_five_seconds()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(skill);
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sockets = await RouteSocketsAsync(page);
        var sent = new SentFrames(page);
        await page.GotoAsync(WidgetUrl(skill));
        await SayAsync(page, "Hello");
        var sessionId = await AcceptAsync(agent);
        await Expect(page.Locator("#status")).ToHaveTextAsync("assigned");

        await page.GetByLabel("Message", new() { Exact = true }).PressSequentiallyAsync("Where is it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await sent.WaitForAsync(f => Type(f) == "send");
        var typing = Assert.Single(sent.All, f => Type(f) == "typing");
        Assert.Equal(sessionId, typing.GetProperty("sessionId").GetString());

        var indicator = page.GetByText("Agent is typing…");
        await Expect(indicator).ToBeHiddenAsync();
        var socket = sockets.Last();
        var shownAt = DateTimeOffset.UtcNow;
        socket.Page.Send(JsonSerializer.Serialize(new { type = "typing", sessionId, by = new { role = "agent", id = "agent-x", name = "Ann" } }));
        await Expect(indicator).ToBeVisibleAsync();
        await Expect(indicator).ToBeHiddenAsync(new() { Timeout = 20_000 });
        Assert.True(DateTimeOffset.UtcNow - shownAt >= TimeSpan.FromSeconds(4.5), "the indicator went away before 5 s");

        // Another session's typing, or the visitor's own, shows nothing: the read mark played after them is shown
        // (so they were handled) while the indicator stays hidden.
        socket.Page.Send(JsonSerializer.Serialize(new { type = "typing", sessionId = "s-other", by = new { role = "agent", id = "agent-x" } }));
        socket.Page.Send(JsonSerializer.Serialize(new { type = "typing", sessionId, by = new { role = "visitor", id = "me" } }));
        var mine = await page.Locator("#messages li.mine").Last.GetAttributeAsync("data-seq");
        socket.Page.Send(JsonSerializer.Serialize(new { type = "read", sessionId, seq = long.Parse(mine!, CultureInfo.InvariantCulture), by = new { role = "agent", id = "agent-x" }, ts = DateTimeOffset.UtcNow }));
        await Expect(page.Locator($"#messages li[data-seq='{mine}'] .seen")).ToBeVisibleAsync();
        await Expect(indicator).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Seen_shows_under_the_visitors_last_message_once_the_agent_has_read_it()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(skill);
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(WidgetUrl(skill));
        await SayAsync(page, "Order 1234 is late");
        var sessionId = await AcceptAsync(agent);
        var reply = await AgentSaysAsync(agent, sessionId, "Let me check");
        await Expect(page.Locator($"#messages li[data-seq='{reply}']")).ToBeVisibleAsync();
        await Expect(page.GetByText("Seen")).ToHaveCountAsync(0);

        await agent.SendAsync(new { type = "read", sessionId, seq = reply });
        await Expect(page.Locator("#messages li[data-seq='1'] .seen")).ToHaveTextAsync("Seen");

        await SayAsync(page, "It was due Monday");
        var item = await agent.WaitForAsync(f => IsItem(f, sessionId) && f.GetProperty("text").GetString() == "It was due Monday", "the second text");
        var seq = item.GetProperty("seq").GetInt64();
        await Expect(page.Locator($"#messages li[data-seq='{seq}']")).ToBeVisibleAsync();
        await Expect(page.Locator(".seen")).ToHaveCountAsync(0);

        await agent.SendAsync(new { type = "read", sessionId, seq });
        await Expect(page.Locator($"#messages li[data-seq='{seq}'] .seen")).ToHaveTextAsync("Seen");
        await Expect(page.Locator(".seen")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task End_chat_asks_first_resolves_the_session_and_lets_the_visitor_start_a_new_one()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(skill);
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sent = new SentFrames(page);
        await page.GotoAsync(WidgetUrl(skill));
        await SayAsync(page, "Quick question");
        var sessionId = await AcceptAsync(agent);
        await Expect(page.Locator("#status")).ToHaveTextAsync("assigned");

        var end = page.GetByRole(AriaRole.Button, new() { Name = "End chat", Exact = true });
        await end.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep chatting" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "End this chat?" })).ToBeHiddenAsync();
        Assert.DoesNotContain(sent.All, f => Type(f) == "resolve");

        await end.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, end chat" }).ClickAsync();

        await Expect(page.Locator("#status")).ToHaveTextAsync("resolved");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This chat has ended" })).ToBeVisibleAsync();
        await Expect(page.Locator("#composer")).ToBeHiddenAsync();
        await Expect(end).ToBeHiddenAsync();
        var resolve = await sent.WaitForAsync(f => Type(f) == "resolve");
        Assert.Equal(sessionId, resolve.GetProperty("sessionId").GetString());
        await agent.WaitForAsync(f => SocketClient.Type(f) == "session" && f.GetProperty("sessionId").GetString() == sessionId && f.GetProperty("status").GetString() == "resolved", "resolved");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start a new chat" }).ClickAsync();
        await Expect(page.Locator("#messages li")).ToHaveCountAsync(0);
        await SayAsync(page, "Another question");
        await Expect(page.Locator("#messages li[data-seq='1']")).ToHaveTextAsync(new Regex("Another question"));
        Assert.Equal(2, sent.All.Count(f => Type(f) == "start"));
        Assert.NotEqual(sessionId, await StoredAsync(page, "sessionId"));
    }

    private const string FakeSessionId = "s-fake-offline";


    /// <summary>
    /// Answers the page's WebSocket in place of the gateway, as the protocol documents it: a <c>start</c> gets the
    /// session in <paramref name="status"/> with the visitor's text as seq 1 and an <c>offline</c> event (seq 2), a
    /// <c>send</c> its item and ack. The frames the page sent are kept by type.
    /// </summary>
    private static async Task<FakeSocket> FakeGatewaySocketAsync(IPage page, string status, string offlineText)
    {
        var fake = new FakeSocket();
        await page.RouteWebSocketAsync(new Regex("/v1/ws"), route => route.OnMessage(message =>
        {
            var visitor = new { role = "visitor", id = VisitorOf(route.Url) };
            if (message.Text is not { } text)
            {
                return;
            }

            var frame = JsonDocument.Parse(text).RootElement.Clone();
            fake.Add(frame);
            var id = frame.TryGetProperty("clientMsgId", out var c) ? c.GetString() : null;
            var ts = DateTimeOffset.UtcNow;
            switch (Type(frame))
            {
                case "start":
                    route.Send(JsonSerializer.Serialize(new { type = "session", sessionId = FakeSessionId, status, skill = "general" }));
                    route.Send(JsonSerializer.Serialize(new { type = "item", sessionId = FakeSessionId, seq = 1, kind = "text", from = visitor, text = frame.GetProperty("text").GetString(), ts }));
                    route.Send(JsonSerializer.Serialize(new { type = "item", sessionId = FakeSessionId, seq = 2, kind = "event", @event = "offline", from = new { role = "system", id = "system" }, text = offlineText, ts }));
                    route.Send(JsonSerializer.Serialize(new { type = "ack", clientMsgId = id, sessionId = FakeSessionId, seq = 1 }));
                    break;
                case "send":
                    var seq = fake.NextSeq();
                    route.Send(JsonSerializer.Serialize(new { type = "item", sessionId = FakeSessionId, seq, kind = "text", from = visitor, text = frame.GetProperty("text").GetString(), ts }));
                    route.Send(JsonSerializer.Serialize(new { type = "ack", clientMsgId = id, sessionId = FakeSessionId, seq }));
                    break;
                default:
                    break;
            }
        }));
        return fake;
    }

    /// <summary>The visitor id (<c>sub</c>) of the token in a WebSocket URL's <c>access_token</c>.</summary>
    private static string VisitorOf(string url)
    {
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["access_token"]!;
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='));
        return JsonDocument.Parse(json).RootElement.GetProperty("sub").GetString()!;
    }

    private sealed class FakeSocket
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _byType = new();
        private int _seq = 2;

        public int NextSeq() => Interlocked.Increment(ref _seq);

        public void Add(JsonElement frame) => Waiter(Type(frame) ?? string.Empty).TrySetResult(frame);

        public Task<JsonElement> SentAsync(string type) => Waiter(type).Task.WaitAsync(TimeSpan.FromSeconds(15));

        private TaskCompletionSource<JsonElement> Waiter(string type) =>
            _byType.GetOrAdd(type, _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>Every text frame the page sends on its WebSockets, parsed; <see cref="WaitForAsync"/> awaits one.</summary>
    private sealed class SentFrames
    {
        private readonly List<JsonElement> _frames = [];
        private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Found)> _waiters = [];

        public SentFrames(IPage page) =>
            page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
            {
                if (frame.Text is { } text)
                {
                    Add(JsonDocument.Parse(text).RootElement.Clone());
                }
            };

        public IReadOnlyList<JsonElement> All
        {
            get
            {
                lock (_frames)
                {
                    return [.. _frames];
                }
            }
        }

        public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
        {
            lock (_frames)
            {
                foreach (var frame in _frames.Where(match))
                {
                    return Task.FromResult(frame);
                }

                var found = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((match, found));
                return found.Task.WaitAsync(TimeSpan.FromSeconds(15));
            }
        }

        private void Add(JsonElement frame)
        {
            lock (_frames)
            {
                _frames.Add(frame);
                foreach (var waiter in _waiters.Where(w => w.Match(frame)))
                {
                    waiter.Found.TrySetResult(frame);
                }
            }
        }
    }
}
