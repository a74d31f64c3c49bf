using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;
using static DaprSupport.Gateway.Tests.Browser.DeskPage;
using static Microsoft.Playwright.Assertions;

namespace DaprSupport.Gateway.Tests.Browser;

/// <summary>
/// The embeddable launcher (<c>/widget.js</c>) on a host page of another origin (served by the test as
/// <see cref="WidgetGatewaySystem.ShopOrigin"/>), the public widget configuration route and who may frame the widget.
/// </summary>
public sealed partial class WidgetTests
{
    private const string EvilOrigin = "http://evil.example";

    [Fact]
    public async Task Launcher_on_an_allowed_host_page_opens_the_gateway_widget_and_badges_replies_while_closed()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(skill);
        await using var context = await _chromium.Browser.NewContextAsync();
        await ServeHostPageAsync(context, WidgetGatewaySystem.ShopOrigin, TestTenants.Acme, skill);
        var page = await context.NewPageAsync();
        var sent = RecordSentFrames(page);
        await page.GotoAsync(WidgetGatewaySystem.ShopOrigin + "/products/42");

        var launcher = page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" });
        var iframe = page.Locator("iframe[title='Support chat']");
        var widget = page.FrameLocator("iframe[title='Support chat']");
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(iframe).ToBeHiddenAsync();
        var src = new Uri((await iframe.GetAttributeAsync("src"))!);
        Assert.Equal(_system.AllowedOrigin, src.GetLeftPart(UriPartial.Authority));
        await Expect(widget.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");

        await launcher.ClickAsync();
        await Expect(iframe).ToBeVisibleAsync();
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "true");
        await widget.GetByLabel("Message", new() { Exact = true }).FillAsync("Is this one in stock?");
        await widget.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var sessionId = await AcceptAsync(agent);
        await Expect(widget.Locator("#status")).ToHaveTextAsync("assigned");
        var start = Assert.Single(sent, f => Type(f) == "start");
        Assert.Equal(WidgetGatewaySystem.ShopOrigin + "/products/42", start.GetProperty("context").GetProperty("page").GetString());
        await ScreenshotAsync(page, "widget-launcher");

        // Closed, the widget stays connected: the agent's replies count on the launcher's badge.
        await widget.GetByRole(AriaRole.Button, new() { Name = "Minimize chat" }).ClickAsync();
        await Expect(iframe).ToBeHiddenAsync();
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "false");
        await AgentSaysAsync(agent, sessionId, "Yes, three left.");
        var last = await AgentSaysAsync(agent, sessionId, "Shall I reserve one?");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Chat with us (2 unread)" })).ToBeVisibleAsync();
        await Expect(launcher.Locator(".dsw-badge")).ToHaveTextAsync("2");

        await launcher.ClickAsync();
        await Expect(launcher.Locator(".dsw-badge")).ToBeHiddenAsync();
        await Expect(widget.Locator($"#messages li[data-seq='{last}']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("reserve one"));
        await agent.WaitForAsync(
            f => Type(f) == "read" && f.GetProperty("by").GetProperty("role").GetString() == "visitor" && f.GetProperty("seq").GetInt64() == last,
            "the visitor's read mark once the chat is open");
    }

    [Fact]
    public async Task Launcher_on_a_page_off_the_tenant_origins_adds_nothing_and_the_widget_is_not_rendered_in_a_forged_frame()
    {
        await using var context = await _chromium.Browser.NewContextAsync();
        var forged = $"{_system.AllowedOrigin}/widget/?tenant={TestTenants.Acme}&host={Uri.EscapeDataString(WidgetGatewaySystem.ShopOrigin)}";
        await ServeHostPageAsync(context, EvilOrigin, TestTenants.Acme, null, forged);
        var page = await context.NewPageAsync();

        // The 403 carries no CORS header for this origin: the page sees a failed fetch (the status is pinned over HTTP
        // by Widget_config_is_public_data_served_to_the_tenant_origins_only).
        var logged = await page.RunAndWaitForConsoleMessageAsync(
            () => page.GotoAsync(EvilOrigin + "/"), new() { Predicate = m => m.Text.Contains("DaprSupport widget", StringComparison.Ordinal) });

        Assert.Contains("not shown on this page", logged.Text, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" })).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => window.forgedLoaded");
        var frame = await (await page.QuerySelectorAsync("#forged"))!.ContentFrameAsync();
        Assert.NotNull(frame);
        Assert.DoesNotContain("/widget/", frame.Url, StringComparison.Ordinal);
        Assert.Equal(0, await frame.Locator("#widget").CountAsync());
    }

    [Fact]
    public async Task Widget_config_is_public_data_served_to_the_tenant_origins_only()
    {
        var tenant = _system.NewTenant(WidgetTenants.NameAndEmail(), "We are closed; leave a message.");
        using var http = _system.CreateHttpClient();

        using var allowed = await GetConfigAsync(http, tenant, WidgetGatewaySystem.ShopOrigin);
        using var sameOrigin = await GetConfigAsync(http, tenant, null);
        using var foreign = await GetConfigAsync(http, tenant, EvilOrigin);
        using var unknown = await GetConfigAsync(http, "no-such-tenant", WidgetGatewaySystem.ShopOrigin);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(WidgetGatewaySystem.ShopOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("public, max-age=60", allowed.Headers.CacheControl?.ToString());
        Assert.Contains("Origin", allowed.Headers.Vary);
        var body = await allowed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["tenant", "displayName", "texts", "preChatFields", "offlineMessage"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""[{"name":"name","label":"Your name","type":"text","required":true},{"name":"email","label":"Email","type":"email","required":false}]""",
            body.GetProperty("preChatFields").GetRawText());
        Assert.Equal("We are closed; leave a message.", body.GetProperty("offlineMessage").GetString());

        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        Assert.False(sameOrigin.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(foreign.Headers.CacheControl?.Public ?? false);
        Assert.Equal("forbidden", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(WidgetGatewaySystem.ShopOrigin, "frame-ancestors 'self' http://shop.example")]
    [InlineData(EvilOrigin, "frame-ancestors 'self'")]
    [InlineData("http://shop.example 'unsafe-inline'", "frame-ancestors 'self'")]
    [InlineData("", "frame-ancestors 'self'")]
    public async Task Widget_page_may_be_framed_only_by_the_named_host_when_it_is_a_tenant_origin(string host, string policy)
    {
        using var http = _system.CreateHttpClient();

        using var response = await http.GetAsync(new Uri($"/widget/?tenant={TestTenants.Acme}&host={Uri.EscapeDataString(host)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(policy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Gateway_serves_the_launcher_script_at_widget_js_to_any_page()
    {
        using var http = _system.CreateHttpClient();

        using var script = await http.GetAsync(new Uri("/widget.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/v1/widget/config", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetConfigAsync(HttpClient http, string tenant, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/widget/config?tenant={tenant}", UriKind.Relative));
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await http.SendAsync(request);
    }

    /// <summary>
    /// Serves a host page on <paramref name="origin"/> (another site than the gateway) that embeds the widget with the
    /// real launcher script, as a tenant's shop would; optionally also an iframe of <paramref name="forgedFrame"/>,
    /// whose load settles <c>window.forgedLoaded</c>.
    /// </summary>
    private async Task ServeHostPageAsync(IBrowserContext context, string origin, string tenant, string? skill, string? forgedFrame = null)
    {
        var skillAttribute = skill is null ? string.Empty : $" data-skill=\"{skill}\"";
        var frame = forgedFrame is null ? string.Empty : $"""
            <iframe id="forged" title="forged" src="{forgedFrame}"></iframe>
            <script>window.forgedLoaded = new Promise(r => document.getElementById('forged').addEventListener('load', r));</script>
            """;
        var html = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
            <body style="font-family: system-ui; background: #f6f3ee; min-height: 100vh; margin: 0; padding: 2rem;">
            <h1>Acme shop</h1><p>Product 42: a very good kettle.</p>{frame}
            <script src="{_system.AllowedOrigin}/widget.js" data-tenant="{tenant}"{skillAttribute} async></script>
            </body></html>
            """;
        await context.RouteAsync(origin + "/**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = html }));
    }
}
