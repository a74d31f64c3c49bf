using System.Net;
using System.Text.RegularExpressions;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;
using static DaprSupport.Gateway.Tests.Browser.DeskPage;
using static Microsoft.Playwright.Assertions;

namespace DaprSupport.Gateway.Tests.Browser;

/// <summary>
/// The landing page and the agent desk (<c>services/Gateway/wwwroot/{index.html,desk,shared}</c>) in headless
/// chromium against the whole system, with the visitor on the widget in its own browser context: sign-in, offer,
/// accept, chat both ways, a network cut on the agent's side while both write, a reload, transfer and resolve; typing
/// both ways, the visitor's "Seen", a private note the visitor never receives, a canned reply, visitor details and
/// decline.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskTests : IClassFixture<WidgetGatewaySystem>, IClassFixture<ChromiumBrowser>
{
    private readonly WidgetGatewaySystem _system;
    private readonly ChromiumBrowser _chromium;

    public DeskTests(WidgetGatewaySystem system, ChromiumBrowser chromium)
    {
        _system = system;
        _chromium = chromium;
        SetDefaultExpectTimeout(15_000);
    }

    [Theory]
    [InlineData("/", "<title>DaprSupport</title>")]
    [InlineData("/desk/", "<title>Agent desk")]
    [InlineData("/shared/client.js", "export class SupportClient")]
    public async Task Gateway_serves_the_landing_page_and_the_desk_to_browsers_without_the_app_token(string path, string content)
    {
        using var http = _system.CreateHttpClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desk_without_a_token_sends_the_agent_to_the_sign_in_and_back()
    {
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{_system.AllowedOrigin}/desk/");
        await page.WaitForURLAsync(new Regex(@"/\?next=%2Fdesk%2F$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Agent desk" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "landing");

        await page.GetByLabel("API key", new() { Exact = true }).FillAsync("wrong-key");
        await page.GetByLabel("Tenant", new() { Exact = true }).FillAsync(TestTenants.Acme);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("Sign-in refused: unauthorized"));

        await SignInAsync(page, _system.AllowedOrigin, "agent-" + Guid.NewGuid().ToString("N")[..8], "Ada", TestUsers.NewSkill());
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
    }

    [Fact]
    public async Task Desk_whose_WebSockets_never_open_falls_back_to_long_poll_and_loses_nothing_across_a_cut()
    {
        var skill = TestUsers.NewSkill();
        await using var visitorContext = await _chromium.Browser.NewContextAsync();
        await using var agentContext = await _chromium.Browser.NewContextAsync();
        await agentContext.AddInitScriptAsync(NoWebSockets);
        var desk = await agentContext.NewPageAsync();
        var polls = 0;
        desk.Request += (_, r) =>
        {
            if (r.Url.Contains("/v1/poll", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref polls);
            }
        };
        await SignInAsync(desk, _system.AllowedOrigin, "agent-" + Guid.NewGuid().ToString("N")[..8], "Lee", skill);
        await Expect(desk.Locator("#connection")).ToHaveTextAsync("online (long-poll)");

        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync($"{_system.AllowedOrigin}/widget/?tenant={TestTenants.Acme}&skill={skill}");
        await SendAsync(visitor, "Behind a strict proxy");
        await Offered(desk).GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(Timeline(desk).GetByText("Behind a strict proxy")).ToBeVisibleAsync();
        await SendAsync(desk, "Hello over long-poll");
        await Expect(visitor.Locator("#messages").GetByText("Hello over long-poll")).ToBeVisibleAsync();

        await agentContext.SetOfflineAsync(true);
        await Expect(desk.Locator("#banner")).ToBeVisibleAsync();
        await SendAsync(desk, "Poll offline one");
        await SendAsync(visitor, "Visitor while polling was cut");
        await Expect(visitor.Locator("#messages").GetByText("Visitor while polling was cut")).ToBeVisibleAsync();
        await agentContext.SetOfflineAsync(false);
        await Expect(desk.Locator("#connection")).ToHaveTextAsync("online (long-poll)");
        await Expect(visitor.Locator("#messages").GetByText("Poll offline one")).ToBeVisibleAsync();
        await Expect(Timeline(desk).GetByText("Visitor while polling was cut")).ToBeVisibleAsync();

        string[] texts = ["Behind a strict proxy", "Hello over long-poll", "Poll offline one", "Visitor while polling was cut"];
        await AssertEachOnceAsync(Timeline(desk).Locator("li"), texts);
        await AssertEachOnceAsync(visitor.Locator("#messages li"), texts);
        var shown = await AssertContiguousAsync(Timeline(desk).Locator("li"));
        await Expect(visitor.Locator("#messages li")).ToHaveCountAsync(shown);
        Assert.True(Volatile.Read(ref polls) > 0);
    }

    [Fact]
    public async Task A_chat_from_offer_to_resolve_survives_a_network_cut_and_a_reload_and_is_transferred()
    {
        var skill = TestUsers.NewSkill();
        var ada = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var bob = "agent-" + Guid.NewGuid().ToString("N")[..8];
        await using var visitorContext = await _chromium.Browser.NewContextAsync();
        await using var adaContext = await _chromium.Browser.NewContextAsync();
        await using var bobContext = await _chromium.Browser.NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        var desk = await adaContext.NewPageAsync();
        await SignInAsync(desk, _system.AllowedOrigin, ada, "Ada", skill);
        await Expect(desk.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");

        // Start → an offer with a countdown → Accept: the chat is in Mine with the visitor's first words.
        await visitor.GotoAsync($"{_system.AllowedOrigin}/widget/?tenant={TestTenants.Acme}&skill={skill}");
        await SendAsync(visitor, "My parcel is lost");
        var stored = await visitor.WaitForFunctionAsync("k => localStorage.getItem(k)", $"daprsupport:{TestTenants.Acme}:sessionId");
        var sessionId = await stored.JsonValueAsync<string>();
        var offer = Offered(desk).GetByRole(AriaRole.Listitem);
        await Expect(offer).ToHaveCountAsync(1);
        await Expect(offer.GetByLabel("Time left")).ToHaveTextAsync(new Regex(@"^\d+ s$"));
        await ScreenshotAsync(desk, "desk-offer");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(Offered(desk).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
        await Expect(Chat(desk, sessionId)).ToHaveTextAsync(new Regex("assigned"));
        await Expect(Timeline(desk).GetByText("My parcel is lost")).ToBeVisibleAsync();
        await Expect(visitor.Locator("#status")).ToHaveTextAsync("assigned");

        // The supervisor's console counts the chat against Ada's capacity (3, from the sign-in form).
        await using var supervisorContext = await _chromium.Browser.NewContextAsync();
        var console = await supervisorContext.NewPageAsync();
        await SignInAsync(console, _system.AllowedOrigin, "sup-" + Guid.NewGuid().ToString("N")[..8], "Sue", skill, "supervisor");
        var adaRow = console.Locator($"#agents tr[data-agent-id='{ada}']");
        await Expect(adaRow.Locator("[data-field='status']")).ToHaveTextAsync("online");
        await Expect(adaRow.Locator("[data-field='load']")).ToHaveTextAsync("1 / 3");
        await Expect(adaRow).ToContainTextAsync(sessionId[..10]);

        // Both ways.
        await SendAsync(desk, "Sorry to hear that, let me check");
        await Expect(visitor.Locator("#messages").GetByText("let me check")).ToBeVisibleAsync();
        await SendAsync(visitor, "Order 4711");
        await Expect(Timeline(desk).GetByText("Order 4711")).ToBeVisibleAsync();

        // The agent's network goes while both sides write: everything arrives once, in order, when it is back.
        await adaContext.SetOfflineAsync(true);
        await Expect(desk.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connection lost" })).ToBeVisibleAsync();
        await SendAsync(desk, "Written offline one");
        await SendAsync(desk, "Written offline two");
        await SendAsync(visitor, "Visitor during the cut one");
        await SendAsync(visitor, "Visitor during the cut two");
        await Expect(visitor.Locator("#messages").GetByText("Visitor during the cut two")).ToBeVisibleAsync();
        await ScreenshotAsync(desk, "desk-offline");
        await adaContext.SetOfflineAsync(false);
        await Expect(desk.Locator("#banner")).ToBeHiddenAsync();
        string[] texts = ["Written offline one", "Written offline two", "Visitor during the cut one", "Visitor during the cut two"];
        await Expect(visitor.Locator("#messages").GetByText("Written offline two")).ToBeVisibleAsync();
        await Expect(Timeline(desk).GetByText("Visitor during the cut two")).ToBeVisibleAsync();
        var deskItems = Timeline(desk).Locator("li");
        var visitorItems = visitor.Locator("#messages li");
        await AssertEachOnceAsync(deskItems, texts);
        await AssertEachOnceAsync(visitorItems, texts);
        var shown = await AssertContiguousAsync(deskItems);
        await Expect(visitorItems).ToHaveCountAsync(shown);
        await AssertContiguousAsync(visitorItems);
        await ScreenshotAsync(desk, "desk-chat");

        // A reload restores the agent's chats, with the whole timeline once.
        await desk.ReloadAsync();
        await Expect(desk.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(Chat(desk, sessionId)).ToHaveTextAsync(new Regex("assigned"));
        await Chat(desk, sessionId).ClickAsync();
        await Expect(Timeline(desk).Locator("li")).ToHaveCountAsync(shown);
        await AssertContiguousAsync(Timeline(desk).Locator("li"));
        await AssertEachOnceAsync(Timeline(desk).Locator("li"), texts);

        // So does a desk opened afresh in another browser (nothing stored there): GET /v1/me/sessions lists the chat.
        await using (var elsewhere = await _chromium.Browser.NewContextAsync())
        {
            var fresh = await elsewhere.NewPageAsync();
            await SignInAsync(fresh, _system.AllowedOrigin, ada, "Ada", skill);
            await Chat(fresh, sessionId).ClickAsync();
            await Expect(Timeline(fresh).Locator("li")).ToHaveCountAsync(shown);
            await AssertContiguousAsync(Timeline(fresh).Locator("li"));
        }

        // Transfer to Bob, who accepts and sees the history; Ada's chat is no longer hers.
        var bobDesk = await bobContext.NewPageAsync();
        await SignInAsync(bobDesk, _system.AllowedOrigin, bob, "Bob", skill);
        await Expect(bobDesk.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await desk.GetByLabel("Transfer to", new() { Exact = true }).SelectOptionAsync("agent");
        await desk.GetByLabel("Transfer target", new() { Exact = true }).FillAsync(bob);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await AcceptOf(bobDesk, sessionId).ClickAsync();
        await Expect(Timeline(bobDesk).GetByText("Order 4711")).ToBeVisibleAsync();
        await Expect(Chat(desk, sessionId)).Not.ToHaveTextAsync(new Regex("assigned"));
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeDisabledAsync();
        await SendAsync(bobDesk, "Bob here, your parcel is on its way");
        await Expect(visitor.Locator("#messages").GetByText("Bob here")).ToBeVisibleAsync();

        // Resolve: the visitor sees the end, Bob's chat is closed.
        await bobDesk.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(visitor.Locator("#status")).ToHaveTextAsync("resolved");
        await Expect(Chat(bobDesk, sessionId)).ToHaveTextAsync(new Regex("resolved"));
        await AssertContiguousAsync(Timeline(bobDesk).Locator("li"));
        await ScreenshotAsync(bobDesk, "desk-resolved");
        await ScreenshotAsync(visitor, "widget");
    }

    [Fact]
    public async Task A_chat_shows_typing_both_ways_seen_a_private_note_the_visitor_never_gets_and_a_canned_reply()
    {
        var skill = TestUsers.NewSkill();
        await using var visitorContext = await _chromium.Browser.NewContextAsync();
        await using var adaContext = await _chromium.Browser.NewContextAsync();
        var desk = await adaContext.NewPageAsync();
        var deskSent = new FrameLog(desk, sent: true);
        await desk.Clock.InstallAsync(); // time flows; RunForAsync fires the page's pending timers (its 250 ms read)
        await SignInAsync(desk, _system.AllowedOrigin, "agent-" + Guid.NewGuid().ToString("N")[..8], "Ada", skill);
        await Expect(desk.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        var visitor = await visitorContext.NewPageAsync();
        var visitorGot = new FrameLog(visitor, sent: false);
        await visitor.GotoAsync($"{_system.AllowedOrigin}/widget/?tenant={TestTenants.Acme}&skill={skill}");
        await SendAsync(visitor, "Where is my refund?");
        var sessionId = await (await visitor.WaitForFunctionAsync("k => localStorage.getItem(k)", $"daprsupport:{TestTenants.Acme}:sessionId")).JsonValueAsync<string>();
        await AcceptOf(desk, sessionId).ClickAsync();
        await Expect(Timeline(desk).GetByText("Where is my refund?")).ToBeVisibleAsync();
        await Expect(Details(desk).GetByRole(AriaRole.Heading, new() { Name = "Earlier sessions" })).ToBeVisibleAsync();

        // Typing, agent → visitor: the desk sends typing while the agent types, the visitor's page receives it.
        await Message(desk).PressSequentiallyAsync("Let me");
        await deskSent.WaitForAsync(f => f.Contains("\"type\":\"typing\"", StringComparison.Ordinal) && f.Contains(sessionId, StringComparison.Ordinal), "typing sent");
        await visitorGot.WaitForAsync(f => f.Contains("\"type\":\"typing\"", StringComparison.Ordinal) && f.Contains("\"role\":\"agent\"", StringComparison.Ordinal), "typing relayed to the visitor");
        await Message(desk).FillAsync(string.Empty);

        // Typing, visitor → agent (the visitor's own connection, as the widget sends it): "… is typing", gone 5 s later.
        var visitorId = await (await visitor.WaitForFunctionAsync("k => localStorage.getItem(k)", $"daprsupport:{TestTenants.Acme}:visitorId")).JsonValueAsync<string>();
        var visitorToken = TestUsers.Issue(_system, new DaprSupport.Tenancy.SupportPrincipal(TestTenants.Acme, visitorId, "visitor", "Vera", [], null));
        await using (var visitorSocket = await SocketClient.ConnectAsync(_system.GatewayWs, visitorToken))
        {
            await visitorSocket.SendAsync(new { type = "typing", sessionId });
            await Expect(desk.Locator("#typing")).ToHaveTextAsync("Vera is typing…");
            await ScreenshotAsync(desk, "desk-typing");
            await Expect(desk.Locator("#typing")).ToBeEmptyAsync(new() { Timeout = 10_000 });
        }

        // The desk has marked what the visitor said read; from here on only the agent's own items arrive.
        var shown = visitorGot.Frames.Max(f => ItemSeq(f, sessionId) ?? 0);
        await deskSent.WaitForAsync(f => ReadSeq(f, sessionId) >= shown, "the desk's read of the visitor's text");
        var desksReads = deskSent.Frames.Count(f => ReadSeq(f, sessionId) is not null);

        // Seen: the visitor's read receipt covers the agent's message.
        await SendAsync(desk, "Let me check your refund");
        await Expect(visitor.Locator("#messages").GetByText("Let me check your refund")).ToBeVisibleAsync();
        await Expect(desk.Locator("#seen")).ToHaveTextAsync("Seen");

        // A private note: shown on the desk as private, never on the visitor's page or its socket.
        await Message(desk).FillAsync("VIP customer: approve the refund");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        var note = Timeline(desk).Locator("li.note");
        await Expect(note).ToContainTextAsync("Private note");
        await Expect(note).ToContainTextAsync("VIP customer: approve the refund");

        // A canned reply: "/" opens the list filtered by shortcut, Enter inserts the text.
        await Message(desk).PressSequentiallyAsync("/he");
        var canned = desk.GetByRole(AriaRole.Listbox, new() { Name = "Canned replies" });
        await Expect(canned.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await Expect(canned.GetByRole(AriaRole.Option)).ToContainTextAsync("/hello");
        await ScreenshotAsync(desk, "desk-canned");
        await Message(desk).PressAsync("Enter");
        await Expect(Message(desk)).ToHaveValueAsync(TestTenants.CannedHello);
        await Expect(canned).ToBeHiddenAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor.Locator("#messages").GetByText(TestTenants.CannedHello)).ToBeVisibleAsync();
        await Expect(Timeline(desk).GetByText(TestTenants.CannedHello)).ToBeVisibleAsync();
        await Expect(desk.Locator("#seen")).ToHaveTextAsync("Seen");
        await Expect(Details(desk)).Not.ToContainTextAsync("null");
        await ScreenshotAsync(desk, "desk-conversation");

        await Expect(visitor.Locator("body")).Not.ToContainTextAsync("VIP customer");
        Assert.DoesNotContain(visitorGot.Frames, f => f.Contains("VIP customer", StringComparison.Ordinal) || f.Contains("\"kind\":\"note\"", StringComparison.Ordinal));
        Assert.Contains(visitorGot.Frames, f => f.Contains(TestTenants.CannedHello, StringComparison.Ordinal));

        // The agent's own texts and note got no read from the desk (its timers run); the visitor's next text gets one,
        // which covers them.
        await desk.Clock.RunForAsync(1_000);
        await SendAsync(visitor, "Thanks!");
        await Expect(Timeline(desk).GetByText("Thanks!")).ToBeVisibleAsync();
        await desk.Clock.RunForAsync(1_000);
        // The desk can show the text before the visitor's own page has its item (the seq read next): wait for it.
        await visitorGot.WaitForAsync(f => ItemSeq(f, sessionId) is not null
            && f.Contains("\"text\":\"Thanks!\"", StringComparison.Ordinal), "the visitor's own item of its next text");
        var thanks = visitorGot.Frames.Max(f => ItemSeq(f, sessionId) ?? 0);
        await deskSent.WaitForAsync(f => ReadSeq(f, sessionId) == thanks, "the desk's read of the visitor's next text");
        Assert.Equal(desksReads + 1, deskSent.Frames.Count(f => ReadSeq(f, sessionId) is not null));
    }

    private static long? ItemSeq(string frame, string sessionId) => SeqOf(frame, "item", sessionId);

    private static long? ReadSeq(string frame, string sessionId) => SeqOf(frame, "read", sessionId);

    private static long? SeqOf(string frame, string type, string sessionId)
    {
        using var json = System.Text.Json.JsonDocument.Parse(frame);
        var root = json.RootElement;
        return root.TryGetProperty("type", out var t) && t.GetString() == type
            && root.TryGetProperty("sessionId", out var s) && s.GetString() == sessionId
            && root.TryGetProperty("seq", out var seq)
            ? seq.GetInt64()
            : null;
    }

    [Fact]
    public async Task Visitor_details_show_the_start_context_and_the_earlier_sessions()
    {
        var skill = TestUsers.NewSkill();
        await using var adaContext = await _chromium.Browser.NewContextAsync();
        var desk = await adaContext.NewPageAsync();
        await SignInAsync(desk, _system.AllowedOrigin, "agent-" + Guid.NewGuid().ToString("N")[..8], "Ada", skill);
        await Expect(desk.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await using var visitor = await SocketClient.ConnectAsync(_system.GatewayWs, _system.Visitor().Token);
        var earlier = await ProtocolFrames.StartAsync(visitor, skill);
        await AcceptOf(desk, earlier).ClickAsync();
        await Expect(Chat(desk, earlier)).ToHaveTextAsync(new Regex("assigned"));
        await desk.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(Chat(desk, earlier)).ToHaveTextAsync(new Regex("resolved"));

        var context = new { page = "https://www.acme.test/orders/4711", fields = new Dictionary<string, string> { ["email"] = "vera@example.com", ["topic"] = "Refund" } };
        await visitor.SendAsync(new { type = "start", clientMsgId = "second", skill, text = "Still waiting for my refund", context });
        var sessionId = (await visitor.WaitForAsync(f => ProtocolFrames.IsAck(f, "second"), "start ack")).GetProperty("sessionId").GetString()!;
        await AcceptOf(desk, sessionId).ClickAsync();
        await Expect(Timeline(desk).GetByText("Still waiting for my refund")).ToBeVisibleAsync();

        var details = Details(desk);
        await Expect(details).ToContainTextAsync("https://www.acme.test/orders/4711");
        await Expect(details.Locator("dt")).ToHaveTextAsync(["email", "topic"]);
        await Expect(details.Locator("dd")).ToHaveTextAsync(["vera@example.com", "Refund"]);
        var sessions = details.GetByRole(AriaRole.List, new() { Name = "Earlier sessions" }).GetByRole(AriaRole.Listitem);
        await Expect(sessions).ToHaveCountAsync(1);
        await Expect(sessions).ToHaveAttributeAsync("data-session-id", earlier);
        await Expect(sessions).ToContainTextAsync("resolved");
        Assert.NotEqual(earlier, sessionId);
        await ScreenshotAsync(desk, "desk-details");
    }

    [Fact]
    public async Task Decline_sends_decline_for_the_offer_and_removes_it_from_the_inbox()
    {
        var skill = TestUsers.NewSkill();
        await using var adaContext = await _chromium.Browser.NewContextAsync();
        var desk = await adaContext.NewPageAsync();
        var sent = new FrameLog(desk, sent: true);
        await SignInAsync(desk, _system.AllowedOrigin, "agent-" + Guid.NewGuid().ToString("N")[..8], "Ada", skill);
        await Expect(desk.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await using var visitor = await SocketClient.ConnectAsync(_system.GatewayWs, _system.Visitor().Token);
        var sessionId = await ProtocolFrames.StartAsync(visitor, skill);
        var offer = Offered(desk).GetByRole(AriaRole.Listitem);
        await Expect(offer).ToHaveCountAsync(1);

        await offer.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await sent.WaitForAsync(f => f.Contains("\"type\":\"decline\"", StringComparison.Ordinal) && f.Contains(sessionId, StringComparison.Ordinal), "decline sent");
        await Expect(Offered(desk).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_declined_offer_goes_to_the_other_agent_who_accepts_it_in_the_browser()
    {
        var skill = TestUsers.NewSkill();
        await using var adaContext = await _chromium.Browser.NewContextAsync();
        await using var graceContext = await _chromium.Browser.NewContextAsync();
        var ada = await adaContext.NewPageAsync();
        var grace = await graceContext.NewPageAsync();
        var adaId = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var graceId = "agent-" + Guid.NewGuid().ToString("N")[..8];
        await SignInAsync(ada, _system.AllowedOrigin, adaId, "Ada", skill);
        await SignInAsync(grace, _system.AllowedOrigin, graceId, "Grace", skill);
        await Expect(ada.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(grace.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await using var visitor = await SocketClient.ConnectAsync(_system.GatewayWs, _system.Visitor().Token);
        var sessionId = await ProtocolFrames.StartAsync(visitor, skill);

        // The router offers it to one of them; that one declines in the browser.
        var adaOffer = Offered(ada).GetByRole(AriaRole.Listitem).First
            .WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        var graceOffer = Offered(grace).GetByRole(AriaRole.Listitem).First
            .WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        var first = await Task.WhenAny(adaOffer, graceOffer);
        await first;
        _ = (first == adaOffer ? graceOffer : adaOffer).ContinueWith(t => t.Exception, TaskScheduler.Default);
        var (decliner, other, otherId) = first == adaOffer ? (ada, grace, graceId) : (grace, ada, adaId);
        await Offered(decliner).GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        // The other agent is offered it next and accepts it; the decliner is not offered it again.
        var next = Offered(other).GetByRole(AriaRole.Listitem);
        await Expect(next).ToHaveCountAsync(1);
        await next.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var assigned = await visitor.WaitForAsync(
            f => ProtocolFrames.IsSession(f, sessionId, "assigned"), "the session assigned after the decline");
        Assert.Equal(otherId, assigned.GetProperty("agentId").GetString());
        await Expect(Mine(other).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(Offered(decliner).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
        await Expect(Mine(decliner).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_offer_ended_frame_removes_the_offer_before_its_countdown_ends()
    {
        var skill = TestUsers.NewSkill();
        await using var adaContext = await _chromium.Browser.NewContextAsync();
        var desk = await adaContext.NewPageAsync();
        var toPage = new TaskCompletionSource<IWebSocketRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The desk's socket goes through a route that forwards both ways and lets the test add a server frame.
        await desk.RouteWebSocketAsync(new Regex("/v1/ws"), socket =>
        {
            socket.ConnectToServer();
            toPage.TrySetResult(socket);
        });
        await SignInAsync(desk, _system.AllowedOrigin, "agent-" + Guid.NewGuid().ToString("N")[..8], "Ada", skill);
        await Expect(desk.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await using var visitor = await SocketClient.ConnectAsync(_system.GatewayWs, _system.Visitor().Token);
        var sessionId = await ProtocolFrames.StartAsync(visitor, skill);
        await Expect(Offered(desk).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);

        (await toPage.Task).Send($$"""{"type":"offer_ended","sessionId":"{{sessionId}}","reason":"taken"}""");

        await Expect(Offered(desk).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
        await Expect(Mine(desk).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
    }
}
