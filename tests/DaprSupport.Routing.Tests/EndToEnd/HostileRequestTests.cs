using System.Text;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Testing;
using FsCheck.Fluent;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Bad input never hurts the sessions API either (issue 11 item 7): a bounded sample of hostile JSON bodies
/// (<see cref="HostileInput"/>) on every POST/PUT route, and hostile path and query values on the GETs, through the
/// caller's sidecar as the gateway calls it — always a 2xx or 4xx answer, never a 5xx (which the sidecar would count
/// against the endpoint's circuit breaker and the gateway would report as unavailable).
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class HostileRequestTests(RoutingSystemFixture fixture)
{
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task Hostile_bodies_on_every_write_route_are_never_5xx()
    {
        var t = RoutingApi.NewTenant("hostile");
        var session = (await _api.CreateAsync(t, "v1", text: "hi", clientMsgId: "m1")).SessionId;
        string[] posts =
        [
            $"/v1/tenants/{t}/sessions/", $"/v1/tenants/{t}/visitors/v2/sessions/",
            $"/v1/tenants/{t}/sessions/{session}/accept", $"/v1/tenants/{t}/sessions/{session}/transfer",
            $"/v1/tenants/{t}/sessions/{session}/resolve", $"/v1/tenants/{t}/sessions/{session}/reopen",
            $"/v1/tenants/{t}/sessions/{session}/read", $"/v1/tenants/{t}/sessions/{session}/timeline",
        ];
        var bodies = HostileInput.Text().Sample(30, 12).Concat(["", "null", "[]", "{}", "{\"visitorId\":\"\\ud800\"}"]);
        foreach (var body in bodies)
        {
            foreach (var path in posts)
            {
                await AssertNot5xxAsync(HttpMethod.Post, path, body);
            }

            await AssertNot5xxAsync(HttpMethod.Put, $"/v1/tenants/{t}/agents/a1/presence", body);
        }
    }

    [Fact]
    public async Task Hostile_ids_and_queries_are_never_5xx()
    {
        var t = RoutingApi.NewTenant("hostile");
        var session = (await _api.CreateAsync(t, "v1", text: "hi", clientMsgId: "m1")).SessionId;
        var values = HostileInput.StringLiteral.Select(s => s.Trim('"')).Sample(30, 25)
            .Concat([" ", "%20", "a:b", "-1", "9223372036854775807", "1e309", "%ZZ", new string('x', 2_000)]);
        foreach (var value in values)
        {
            var v = Uri.EscapeDataString(value);
            await AssertNot5xxAsync(HttpMethod.Get, $"/v1/tenants/{v}/sessions/{session}");
            await AssertNot5xxAsync(HttpMethod.Get, $"/v1/tenants/{t}/sessions/{v}");
            await AssertNot5xxAsync(HttpMethod.Get, $"/v1/tenants/{t}/sessions/{session}/timeline?afterSeq={v}&limit={v}");
            await AssertNot5xxAsync(HttpMethod.Get, $"/v1/tenants/{t}/agents/{v}");
            await AssertNot5xxAsync(HttpMethod.Post, $"/v1/tenants/{t}/visitors/{v}/sessions/", """{"visitorId":"x","priority":0,"text":"hi"}""");
        }
    }

    private async Task AssertNot5xxAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _api.Http.SendAsync(request);
        Assert.True((int)response.StatusCode < 500,
            $"{method} {path} with {body?[..Math.Min(body.Length, 300)]} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
