using System.Net;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Bounded work per visitor (issue 11 item 2, docs/security.md "Caps"): a visitor holds at most
/// <c>Visitors:MaxOpenSessions</c> (3) open sessions, across every gateway replica (the visitor actor counts them);
/// the create route keyed by the visitor takes the visitor from the path; values outside the sessions API's bounds are
/// refused before any actor is touched.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class VisitorCapTests(RoutingSystemFixture fixture)
{
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task A_visitors_fourth_open_session_is_resource_exhausted_until_one_is_resolved()
    {
        var t = RoutingApi.NewTenant("cap");
        var open = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            open.Add((await CreateForVisitorAsync(t, "v1", "m" + i, HttpStatusCode.Created))!.SessionId);
        }

        await CreateForVisitorAsync(t, "v1", "m3", HttpStatusCode.Conflict, ErrorCodes.ResourceExhausted);

        // A retried start of a session the visitor holds is the same session, not a new one.
        Assert.Equal(open[1], (await CreateForVisitorAsync(t, "v1", "m1", HttpStatusCode.Created))!.SessionId);

        // Another visitor of the tenant is not affected.
        await CreateForVisitorAsync(t, "v2", "m0", HttpStatusCode.Created);

        using (var resolve = await _api.ResolveAsync(t, open[0], "v1", Roles.Visitor))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }

        Assert.Equal(SessionStatus.Queued, (await CreateForVisitorAsync(t, "v1", "m3", HttpStatusCode.Created))!.Status);
    }

    [Fact]
    public async Task The_visitor_route_takes_the_visitor_from_the_path_not_the_body()
    {
        var t = RoutingApi.NewTenant("cap");
        using var response = await _api.PostAsync($"/v1/tenants/{t}/visitors/v-path/sessions/",
            new CreateSessionRequest("v-body", null, null, 0, "m1", "hi"));

        Assert.Equal("v-path", (await RoutingApi.ReadAsync<SessionSnapshot>(response, HttpStatusCode.Created)).VisitorId);
    }

    [Theory]
    [InlineData(null, -1)]
    [InlineData(null, SessionLimits.MaxPriority + 1)]
    [InlineData("bad skill", 0)]
    [InlineData("", 0)]
    public async Task Values_outside_the_bounds_are_invalid_argument(string? skill, int priority)
    {
        var t = RoutingApi.NewTenant("cap");
        using var response = await _api.PostAsync($"/v1/tenants/{t}/visitors/v1/sessions/",
            new CreateSessionRequest("v1", null, skill, priority, "m1", "hi"));

        await RoutingApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidArgument);
    }

    private async Task<SessionSnapshot?> CreateForVisitorAsync(
        string tenant, string visitor, string clientMsgId, HttpStatusCode expected, string? code = null)
    {
        using var response = await _api.PostAsync($"/v1/tenants/{tenant}/visitors/{visitor}/sessions/",
            new CreateSessionRequest(visitor, null, null, 0, clientMsgId, "hello"));
        if (code is not null)
        {
            await RoutingApi.AssertProblemAsync(response, expected, code);
            return null;
        }

        return await RoutingApi.ReadAsync<SessionSnapshot>(response, expected);
    }
}
