using System.Net;
using System.Text.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.Gateway.Tests.Sessions;

/// <summary>
/// The gateway's side of replay safety and breaker hygiene: a session id not of the shape the sessions service hands
/// out is answered not_found without a call (daprd would count the 404 against that endpoint's circuit breaker), and
/// every state change carries one request id per call, which Dapr's replay of the call repeats.
/// </summary>
public sealed class SessionsClientTests
{
    private const string Tenant = "acme";
    private static readonly string SessionId = "s-" + new string('a', 32);

    [Theory]
    [InlineData("s-x")]
    [InlineData(" ")]
    [InlineData("s-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("../agents/bob")]
    public async Task A_malformed_session_id_is_not_found_without_a_call(string sessionId)
    {
        var (client, calls) = Client();

        var outcomes = new[]
        {
            (await client.GetAsync(Tenant, sessionId, CancellationToken.None)).Error,
            (await client.ResolveAsync(Tenant, sessionId, new ResolveRequest("u", Roles.Visitor), CancellationToken.None)).Error,
            (await client.AppendAsync(Tenant, sessionId, new AppendTextRequest("m1", Roles.Visitor, "u", null, "hi"), CancellationToken.None)).Error,
            (await client.MarkReadAsync(Tenant, sessionId, new MarkReadRequest(Roles.Visitor, "u", 1), CancellationToken.None)).Error,
        };

        Assert.All(outcomes, e => Assert.Equal(ErrorCodes.NotFound, e?.Code));
        Assert.Empty(calls);
    }

    [Fact]
    public async Task Every_state_change_carries_a_fresh_request_id_per_call()
    {
        var (client, calls) = Client();

        await client.AcceptAsync(Tenant, SessionId, "bob", CancellationToken.None);
        await client.TransferAsync(Tenant, SessionId, new TransferRequest("bob", Roles.Agent, null, "sales"), CancellationToken.None);
        await client.ResolveAsync(Tenant, SessionId, new ResolveRequest("bob", Roles.Agent), CancellationToken.None);
        await client.ResolveAsync(Tenant, SessionId, new ResolveRequest("bob", Roles.Agent), CancellationToken.None);

        var ids = calls.Select(c => JsonDocument.Parse(c.Body!).RootElement.GetProperty("requestId").GetString()).ToList();
        Assert.Equal(4, ids.Count);
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(4, ids.Distinct().Count());
        Assert.Equal($"/v1/tenants/{Tenant}/sessions/{SessionId}/accept", calls[0].Path);
    }

    [Fact]
    public async Task Texts_and_read_marks_go_to_the_session_actor_not_through_the_sessions_api()
    {
        using var actors = new FakeSessionActors();
        var (client, calls) = Client(actors);

        var read = await client.MarkReadAsync(Tenant, SessionId, new MarkReadRequest(Roles.Agent, "bob", 4), CancellationToken.None);
        var text = await client.AppendAsync(Tenant, SessionId, new AppendTextRequest("m1", Roles.Agent, "bob", null, "hi"), CancellationToken.None);
        var refused = await client.MarkReadAsync(Tenant, SessionId, new MarkReadRequest(Roles.Agent, "eve", 4), CancellationToken.None);

        Assert.Empty(calls);
        Assert.Equal(
            [$"{ActorIds.Session(Tenant, SessionId).GetId()}.MarkReadAsync", $"{ActorIds.Session(Tenant, SessionId).GetId()}.AppendTextAsync", $"{ActorIds.Session(Tenant, SessionId).GetId()}.MarkReadAsync"],
            actors.Calls);
        Assert.Null(read.Error);
        Assert.Equal(7, text.Value!.Seq);
        Assert.Equal(ErrorCodes.Forbidden, refused.Error!.Code);
    }

    private static (SessionsClient Client, List<(string Path, string? Body)> Calls) Client(
        Dapr.Actors.Client.IActorProxyFactory? actors = null)
    {
        var calls = new List<(string Path, string? Body)>();
        var handler = new Recording(calls);
        return (new SessionsClient(new HttpClient(handler) { BaseAddress = new Uri("http://sessions") }, actors ?? new Dapr.Actors.Client.ActorProxyFactory(), NullLogger<SessionsClient>.Instance), calls);
    }

    private sealed class Recording(List<(string Path, string? Body)> calls) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            calls.Add((request.RequestUri!.AbsolutePath, request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"tenant":"{{Tenant}}","sessionId":"{{SessionId}}","status":"Assigned","lastSeq":1}""", System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}
