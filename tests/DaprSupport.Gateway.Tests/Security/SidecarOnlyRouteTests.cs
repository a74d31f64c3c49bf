using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// Security review C1 / issue 11: the gateway's pub/sub delivery routes (<c>/events/*</c>) share the public port, so
/// only a caller presenting the gateway's app API token (its sidecar) may use them. Forged deliveries are refused and
/// nothing reaches a live socket; the sidecar's deliveries keep working (every other test depends on them too).
/// </summary>
public sealed class SidecarOnlyRouteTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task Forged_events_without_or_with_a_wrong_app_token_are_401_and_never_reach_a_socket()
    {
        var (visitorId, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor);
        var now = DateTimeOffset.UtcNow;
        var agent = new Participant(Roles.Agent, "agent-" + Guid.NewGuid().ToString("N"), "Support (verified)");
        var forgeries = new (string Route, object Body)[]
        {
            ("/events/timeline", new TimelineItem(TestTenants.Acme, sessionId, 3, TimelineItemKind.Text, null, agent, "forged: confirm your card number", now, null)),
            ("/events/sessions", new SessionChanged(new SessionSnapshot(TestTenants.Acme, sessionId, SessionStatus.Resolved, null, visitorId, agent.Id, 3, Version: 1L << 53), "resolved", now)),
            ("/events/reads", new SessionRead(TestTenants.Acme, sessionId, new ReadMark(agent, 2, now))),
            ("/events/queue-positions", new QueuePositions(TestTenants.Acme, "general", now, [.. Enumerable.Range(0, 40).Select(i => $"s-forged-{i}"), sessionId])),
        };
        using var http = system.CreateHttpClient();

        foreach (var (route, body) in forgeries)
        {
            foreach (var presented in new[] { null, "wrong", system.GatewayAppToken + "x", system.GatewayAppToken[..^1] })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative)) { Content = JsonContent.Create(body, options: JsonDefaults.Options) };
                if (presented is not null)
                {
                    request.Headers.Add("dapr-api-token", presented);
                }

                using var response = await http.SendAsync(request);

                await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
            }
        }

        // The next real item takes seq 3: had the forged item been delivered, the real one would have been dropped as a duplicate.
        await visitor.SendAsync(new { type = "send", clientMsgId = "real-3", sessionId, text = "the real three" });
        var three = await visitor.WaitForAsync(f => IsItem(f, sessionId, 3), "item 3");

        Assert.Equal("the real three", three.GetProperty("text").GetString());
        Assert.DoesNotContain(visitor.Received, f => f.GetRawText().Contains("forged", StringComparison.Ordinal) || f.GetRawText().Contains("\"resolved\"", StringComparison.Ordinal));
        Assert.DoesNotContain(visitor.Received, f => SocketClient.Type(f) == "read");
        Assert.DoesNotContain(visitor.Received, f => f.TryGetProperty("position", out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt32() > 1);
    }

    [Fact]
    public async Task The_sidecars_app_token_opens_the_same_route()
    {
        var (visitorId, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor);
        var item = new TimelineItem(TestTenants.Acme, sessionId, 3, TimelineItemKind.Text, null, new Participant(Roles.Visitor, visitorId, null), "as the sidecar delivers it", DateTimeOffset.UtcNow, "sidecar-3");
        using var http = system.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/events/timeline", UriKind.Relative)) { Content = JsonContent.Create(item, options: JsonDefaults.Options) };
        request.Headers.Add("dapr-api-token", system.GatewayAppToken);

        using var response = await http.SendAsync(request);
        var three = await visitor.WaitForAsync(f => IsItem(f, sessionId, 3), "item 3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("as the sidecar delivers it", three.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("/dapr/subscribe")]
    [InlineData("/dapr/config")]
    [InlineData("/actors/SessionActor/x/method/GetAsync")]
    [InlineData("/no/such/route")]
    public async Task Every_other_non_client_route_needs_the_app_token(string path)
    {
        using var http = system.CreateHttpClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/metrics")]
    [InlineData("/widget/index.html")]
    public async Task Probes_metrics_and_the_widget_answer_without_it(string path)
    {
        using var http = system.CreateHttpClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> StartAsync(SocketClient visitor)
    {
        await visitor.SendAsync(new { type = "start", clientMsgId = "s", skill = TestUsers.NewSkill(), text = "hi" });
        var sessionId = (await visitor.WaitForTypeAsync("ack")).GetProperty("sessionId").GetString()!;
        await visitor.WaitForAsync(f => IsItem(f, sessionId, 2), "item 2");
        return sessionId;
    }

    private static bool IsItem(JsonElement frame, string sessionId, long seq) =>
        SocketClient.Type(frame) == "item" && frame.GetProperty("sessionId").GetString() == sessionId && frame.GetProperty("seq").GetInt64() == seq;
}
