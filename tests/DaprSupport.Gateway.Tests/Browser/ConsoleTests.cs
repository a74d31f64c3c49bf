using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;
using static DaprSupport.Gateway.Tests.Browser.DeskPage;
using static Microsoft.Playwright.Assertions;

namespace DaprSupport.Gateway.Tests.Browser;

/// <summary>
/// The supervisor snapshot route (<c>GET /v1/supervisor/snapshot</c>) and the console that shows it
/// (<c>services/Gateway/wwwroot/console</c>) in headless chromium: queues per skill and agents, live; the SLA figures,
/// transfer and take-over are in the other part of this class.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ConsoleTests : IClassFixture<ConsoleGatewaySystem>, IClassFixture<ChromiumBrowser>
{
    private static readonly Uri Snapshot = new("/v1/supervisor/snapshot", UriKind.Relative);
    private readonly ConsoleGatewaySystem _system;
    private readonly ChromiumBrowser _chromium;

    public ConsoleTests(ConsoleGatewaySystem system, ChromiumBrowser chromium)
    {
        _system = system;
        _chromium = chromium;
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task Snapshot_needs_a_supervisor_token()
    {
        using var http = _system.CreateHttpClient();
        using var anonymous = await http.GetAsync(Snapshot);
        using var asAgent = await GetAsync(http, _system.Agent(TestUsers.NewSkill()).Token);
        using var asVisitor = await GetAsync(http, _system.Visitor().Token);

        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        await Problem.AssertAsync(asAgent, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Problem.AssertAsync(asVisitor, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task Snapshot_shows_the_waiting_sessions_per_skill_and_the_online_agents_of_the_tenant_only()
    {
        var queued = TestUsers.NewSkill();
        var staffed = TestUsers.NewSkill();
        var (agentId, agentToken) = _system.Agent(staffed);
        await using var agent = await SocketClient.ConnectAsync(_system.GatewayWs, agentToken);
        await agent.SendAsync(new { type = "presence", status = "online" });
        var first = await StartAsync(queued, "first");
        var second = await StartAsync(queued, "second");
        await using var _ = first.Client;
        await using var __ = second.Client;
        using var http = _system.CreateHttpClient();
        var (_, supervisor) = _system.Agent(queued, role: "supervisor");
        var (_, otherTenant) = _system.Agent(queued, role: "supervisor", tenant: TestTenants.Globex);

        var snapshot = await PollAsync(http, supervisor, s => Queue(s, queued) is { } q && q.GetProperty("waiting").GetInt32() == 2
            && Agent(s, agentId) is { } a && a.GetProperty("status").GetString() == "online");
        var foreign = await PollAsync(http, otherTenant, _ => true);

        var queue = Queue(snapshot, queued)!.Value;
        Assert.Equal([first.SessionId, second.SessionId], queue.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()));
        Assert.Equal([1, 2], queue.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("position").GetInt32()));
        Assert.True(queue.GetProperty("oldestWaitMs").GetInt64() >= 0);
        var row = Agent(snapshot, agentId)!.Value;
        Assert.Equal(2, row.GetProperty("capacity").GetInt32());
        Assert.Equal(0, row.GetProperty("load").GetInt32());
        Assert.Null(Queue(foreign, queued));
        Assert.Null(Agent(foreign, agentId));
    }

    [Fact]
    public async Task Console_shows_queues_and_agents_and_follows_changes()
    {
        var skill = TestUsers.NewSkill();
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, _system.AllowedOrigin, "sup-" + Guid.NewGuid().ToString("N")[..8], "Sue", skill, role: "supervisor");
        await Expect(page.Locator("#updated")).ToHaveAttributeAsync("data-state", "online");

        var (agentId, agentToken) = _system.Agent(skill);
        await using var agent = await SocketClient.ConnectAsync(_system.GatewayWs, agentToken);
        await agent.SendAsync(new { type = "presence", status = "online" });
        var agentRow = page.Locator($"#agents tr[data-agent-id='{agentId}']");
        await Expect(agentRow.Locator("[data-field='status']")).ToHaveTextAsync("online");
        await Expect(agentRow.Locator("[data-field='load']")).ToHaveTextAsync("0 / 2");

        await agent.SendAsync(new { type = "presence", status = "away" });
        var unstaffed = TestUsers.NewSkill();
        var (client, sessionId) = await StartAsync(unstaffed, "waiting for someone");
        await using var _ = client;
        var queueRow = page.Locator($"#queues tr[data-skill='{unstaffed}']");
        await Expect(agentRow.Locator("[data-field='status']")).ToHaveTextAsync("away");
        await Expect(queueRow.Locator("[data-field='waiting']")).ToHaveTextAsync("1");
        await Expect(queueRow).ToContainTextAsync(new Regex(Regex.Escape(sessionId[..10]) + @" \(#1\)"));
        await ScreenshotAsync(page, "console-queues");

        // When the page itself started each snapshot request (Resource Timing, ms since it loaded): precise, unlike
        // the arrival of Playwright's events in this process, which bunch up under load.
        var seen = await page.EvaluateAsync<double[]>(
            "() => performance.getEntriesByType('resource')"
            + ".filter(e => e.name.endsWith('/v1/supervisor/snapshot')).map(e => e.startTime).sort((a, b) => a - b)");

        Assert.True(seen.Length >= 2);
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 1900, $"{pair.First} → {pair.Second}"));
    }

    [Fact]
    public async Task An_agent_who_closes_the_desk_shows_offline_on_the_console_after_the_short_grace()
    {
        await using var supervisorContext = await _chromium.Browser.NewContextAsync();
        var deskContext = await _chromium.Browser.NewContextAsync();
        var (_, status) = await WatchedDeskAsync(supervisorContext, deskContext, "Ann");

        // The agent closes the tab without going offline: the grace (10 s by default) ends it, not the lease (60 s).
        await deskContext.CloseAsync();
        await Expect(status).ToHaveTextAsync("offline", new() { Timeout = 40_000 });
    }

    [Fact]
    public async Task An_agent_on_long_poll_who_leaves_the_desk_shows_offline_on_the_console_after_the_short_grace()
    {
        await using var supervisorContext = await _chromium.Browser.NewContextAsync();
        await using var deskContext = await _chromium.Browser.NewContextAsync();
        await deskContext.AddInitScriptAsync(NoWebSockets);
        var (desk, status) = await WatchedDeskAsync(supervisorContext, deskContext, "Lee");
        await Expect(desk.Locator("#connection")).ToHaveTextAsync("online (long-poll)");

        // Leaving the page closes its cursor (DELETE on pagehide): offline after the grace (10 s), not after the
        // cursor's 90 s idle and the grace after it. (Playwright does not report the keepalive request of a page being
        // unloaded, so its effect is what is awaited; without the DELETE this wait times out.)
        await desk.GotoAsync("about:blank");
        await Expect(status).ToHaveTextAsync("offline", new() { Timeout = 40_000 });
    }

    /// <summary>
    /// A supervisor's console in one context and an agent's desk in another, signed in with a new skill; the agent's
    /// status cell on the console, once it shows the agent online.
    /// </summary>
    private async Task<(IPage Desk, ILocator Status)> WatchedDeskAsync(
        IBrowserContext supervisorContext, IBrowserContext deskContext, string name)
    {
        var skill = TestUsers.NewSkill();
        var console = await supervisorContext.NewPageAsync();
        await SignInAsync(console, _system.AllowedOrigin, "sup-" + Guid.NewGuid().ToString("N")[..8], "Sue", skill,
            role: "supervisor");

        var agentId = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var desk = await deskContext.NewPageAsync();
        await SignInAsync(desk, _system.AllowedOrigin, agentId, name, skill);
        var status = console.Locator($"#agents tr[data-agent-id='{agentId}'] [data-field='status']");
        await Expect(status).ToHaveTextAsync("online");
        return (desk, status);
    }

    private async Task<(SocketClient Client, string SessionId)> StartAsync(string skill, string text)
    {
        var client = await SocketClient.ConnectAsync(_system.GatewayWs, _system.Visitor().Token);
        await client.SendAsync(new { type = "start", clientMsgId = Guid.NewGuid().ToString(), skill, text });
        var ack = await client.WaitForTypeAsync("ack");
        return (client, ack.GetProperty("sessionId").GetString()!);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Snapshot);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    /// <summary>The first snapshot that satisfies <paramref name="ready"/> (routing state settles asynchronously).</summary>
    private static async Task<JsonElement> PollAsync(HttpClient http, string token, Func<JsonElement, bool> ready)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await GetAsync(http, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (ready(body) || DateTimeOffset.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(100);
        }
    }

    private static JsonElement? Queue(JsonElement snapshot, string skill) =>
        snapshot.GetProperty("queues").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(q => q!.Value.GetProperty("skill").GetString() == skill);

    private static JsonElement? Agent(JsonElement snapshot, string agentId) =>
        snapshot.GetProperty("agents").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(a => a!.Value.GetProperty("agentId").GetString() == agentId);
}
