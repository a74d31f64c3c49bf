using System.Net.WebSockets;
using System.Text;
using DaprSupport.Contracts;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>
/// A WebSocket upgrade's request lives as long as its connection, and with it what the request carried: Kestrel's
/// request target and query string, the parsed query and the headers. Once its token is read the request forgets it,
/// from the query (<c>?access_token=</c>, the browsers' way) and from the <c>Authorization</c> header: not one copy of
/// a validated token stays in memory for an idle socket's hours. The path stays. An open socket's request drops its
/// other headers too (a browser's cookies and user agent): nothing reads them once the socket is open.
/// </summary>
public sealed class UpgradeTokenTests(InMemoryGatewayFactory factory) : IClassFixture<InMemoryGatewayFactory>
{
    private SupportTokens Tokens => factory.Services.GetRequiredService<SupportTokens>();

    [Fact]
    public async Task The_query_token_is_read_then_gone_from_the_target_the_query_string_and_the_parsed_query()
    {
        var token = Visitor();
        var context = Upgrade("/v1/ws", "?access_token=" + token);
        Assert.Equal(token, context.Request.Query[SupportAuthentication.QueryParameter].ToString());

        var caller = await context.AuthenticateCallerAsync();

        Assert.Equal("v-upgrade", caller?.Principal.UserId);
        var request = context.Features.GetRequiredFeature<IHttpRequestFeature>();
        Assert.Equal("/v1/ws", request.RawTarget);
        Assert.Equal(string.Empty, request.QueryString);
        Assert.Empty(context.Request.Query);
        Assert.Equal("/v1/ws", context.Request.Path.Value);
    }

    [Fact]
    public async Task The_header_token_is_read_then_gone_from_the_headers()
    {
        var context = Upgrade("/v1/ws", string.Empty);
        context.Request.Headers.Authorization = "Bearer " + Visitor();

        var caller = await context.AuthenticateCallerAsync();

        Assert.Equal("v-upgrade", caller?.Principal.UserId);
        Assert.False(context.Request.Headers.ContainsKey("Authorization"));
        Assert.Equal("/v1/ws", context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
    }

    [Fact]
    public async Task A_request_that_is_not_an_upgrade_keeps_its_query()
    {
        var context = new DefaultHttpContext { RequestServices = factory.Services };
        var request = context.Features.GetRequiredFeature<IHttpRequestFeature>();
        (request.Path, request.QueryString, request.RawTarget) = ("/v1/poll", "?cursor=c1", "/v1/poll?cursor=c1");
        context.Request.Headers.Authorization = "Bearer " + Visitor();

        Assert.NotNull(await context.AuthenticateCallerAsync());
        Assert.Equal("c1", context.Request.Query["cursor"].ToString());
        Assert.Equal("/v1/poll?cursor=c1", request.RawTarget);
    }

    [Fact]
    public async Task An_open_sockets_request_keeps_neither_its_token_nor_its_headers()
    {
        HttpContext? upgrade = null;
        using var gateway = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(
            new CaptureUpgrade(context => upgrade = context))));
        var client = gateway.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.UserAgent = "Mozilla/5.0 (upgrade token test)";
        var token = Visitor();
        using var socket = await client.ConnectAsync(
            new Uri(gateway.Server.BaseAddress, "/v1/ws?access_token=" + token), CancellationToken.None);
        await socket.SendAsync("""{"type":"ping"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var pong = await socket.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Contains("pong", Encoding.UTF8.GetString(buffer, 0, pong.Count), StringComparison.Ordinal);
        Assert.NotNull(upgrade);
        Assert.Empty(upgrade.Request.Headers);
        var request = upgrade.Features.GetRequiredFeature<IHttpRequestFeature>();
        Assert.DoesNotContain(token, request.RawTarget, StringComparison.Ordinal); // TestServer's target is empty
        Assert.Equal(string.Empty, request.QueryString);
        Assert.Empty(upgrade.Request.Query);
    }

    private string Visitor() =>
        Tokens.Issue(new SupportPrincipal(TestTenants.Acme, "v-upgrade", Roles.Visitor, null, [], null)).Token;

    private DefaultHttpContext Upgrade(string path, string query)
    {
        var context = new DefaultHttpContext { RequestServices = factory.Services };
        context.Features.Set<IHttpUpgradeFeature>(new UpgradableRequest());
        var request = context.Features.GetRequiredFeature<IHttpRequestFeature>();
        (request.Method, request.Path, request.QueryString, request.RawTarget) = ("GET", path, query, path + query);
        return context;
    }

    /// <summary>Hands the test the <c>/v1/ws</c> request's context, which lives as long as the socket.</summary>
    private sealed class CaptureUpgrade(Action<HttpContext> captured) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                if (context.Request.Path == "/v1/ws")
                {
                    captured(context);
                }

                return rest(context);
            });
            next(app);
        };
    }

    private sealed class UpgradableRequest : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => true;

        public Task<Stream> UpgradeAsync() => throw new NotSupportedException();
    }
}
