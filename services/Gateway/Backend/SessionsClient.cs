using Dapr.Actors.Client;
using DaprSupport.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Sla;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Protocol;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Gateway.Backend;

/// <summary>
/// The sessions service's API (app-id <c>sessions</c>) over Dapr service invocation. The tenant always comes from the
/// caller's verified token. Problem answers become their <c>code</c>; an unreachable service becomes unavailable.
/// A session id that is not of the shape the service hands out is not found without a call (Dapr would count the
/// refusal against the endpoint's circuit breaker). Every state change carries a request id, generated once per call,
/// so that Dapr's replay of the call (after a timeout or a retried status) is answered with the first outcome.
/// A text and a read mark, the hot paths, skip the service's HTTP API and go to the session actor through this app's
/// own sidecar (one sidecar interaction instead of two); the actor checks the author or reader as the API would.
/// </summary>
public sealed class SessionsClient(HttpClient http, IActorProxyFactory actors, ILogger<SessionsClient> logger)
{
    /// <summary>
    /// Creates the visitor's session on the visitor's own create route (its refusals count only against that
    /// visitor's circuit breaker endpoint in daprd).
    /// </summary>
    public Task<Outcome<SessionSnapshot>> CreateAsync(
        string tenant, CreateSessionRequest request, CancellationToken ct) =>
        SendAsync<SessionSnapshot>(
            HttpMethod.Post, $"{Tenant(tenant)}/visitors/{Uri.EscapeDataString(request.VisitorId)}/sessions",
            request, ct);

    public Task<Outcome<SessionSnapshot>> GetAsync(string tenant, string sessionId, CancellationToken ct) =>
        SendToSessionAsync<SessionSnapshot>(HttpMethod.Get, tenant, sessionId, string.Empty, null, ct);

    public Task<Outcome<SessionSnapshot>> AcceptAsync(
        string tenant, string sessionId, string agentId, CancellationToken ct) =>
        SendToSessionAsync<SessionSnapshot>(
            HttpMethod.Post, tenant, sessionId, "/accept", new AcceptRequest(agentId, NewRequestId()), ct);

    public Task<Outcome<SessionSnapshot>> DeclineAsync(
        string tenant, string sessionId, string agentId, CancellationToken ct) =>
        SendToSessionAsync<SessionSnapshot>(
            HttpMethod.Post, tenant, sessionId, "/decline", new DeclineRequest(agentId), ct);

    public Task<Outcome<SessionSnapshot>> TransferAsync(
        string tenant, string sessionId, TransferRequest request, CancellationToken ct) =>
        SendToSessionAsync<SessionSnapshot>(
            HttpMethod.Post, tenant, sessionId, "/transfer",
            request with { RequestId = request.RequestId ?? NewRequestId() }, ct);

    public Task<Outcome<SessionSnapshot>> ResolveAsync(
        string tenant, string sessionId, ResolveRequest request, CancellationToken ct) =>
        SendToSessionAsync<SessionSnapshot>(
            HttpMethod.Post, tenant, sessionId, "/resolve",
            request with { RequestId = request.RequestId ?? NewRequestId() }, ct);

    /// <summary>A supervisor takes an assigned session from its agent and holds it himself.</summary>
    public Task<Outcome<SessionSnapshot>> TakeOverAsync(
        string tenant, string sessionId, TakeOverRequest request, CancellationToken ct) =>
        SendToSessionAsync<SessionSnapshot>(
            HttpMethod.Post, tenant, sessionId, "/takeover",
            request with { RequestId = request.RequestId ?? NewRequestId() }, ct);

    /// <summary>
    /// Moves the caller's read mark (marks only move forward, so a replay changes nothing); the session actor relays
    /// it. Like a text, straight to the actor: the pages send a read for every item they show.
    /// </summary>
    public Task<Outcome<SessionSnapshot>> MarkReadAsync(
        string tenant, string sessionId, MarkReadRequest request, CancellationToken ct) =>
        CallSessionAsync(
            tenant, sessionId, session => session.MarkReadAsync(request),
            result => result.Error is { } error ? Outcome.Fail<SessionSnapshot>(error) : Outcome.Ok(result.Session!),
            ct);

    /// <summary>
    /// Appends a text (idempotent on its clientMsgId); answers after the item is durable in the history store.
    /// </summary>
    public Task<Outcome<AppendResult>> AppendAsync(
        string tenant, string sessionId, AppendTextRequest request, CancellationToken ct) =>
        CallSessionAsync(
            tenant, sessionId, session => session.AppendTextAsync(request),
            result => result.Error is { } error ? Outcome.Fail<AppendResult>(error) : Outcome.Ok(result),
            ct);

    /// <summary>
    /// Up to <paramref name="limit"/> items after <paramref name="afterSeq"/> (null: the service's largest page), up to
    /// the session's last seq — or up to <paramref name="upToSeq"/>, a seq this caller was told is committed in a
    /// session it may see, without the service asking the session for its end.
    /// </summary>
    public Task<Outcome<IReadOnlyList<TimelineItem>>> ReadTimelineAsync(
        string tenant, string sessionId, long afterSeq, CancellationToken ct,
        int? limit = null, long? upToSeq = null) =>
        SendToSessionAsync<IReadOnlyList<TimelineItem>>(
            HttpMethod.Get, tenant, sessionId,
            $"/timeline?afterSeq={afterSeq}" + (limit is { } l ? $"&limit={l}" : "")
            + (upToSeq is { } u ? $"&upToSeq={u}" : ""), null, ct);

    public Task<Outcome<AgentSnapshot>> SetPresenceAsync(
        string tenant, string agentId, PresenceUpdate update, CancellationToken ct) =>
        SendAsync<AgentSnapshot>(
            HttpMethod.Put, $"{Tenant(tenant)}/agents/{Uri.EscapeDataString(agentId)}/presence", update, ct);

    public Task<Outcome<AgentSnapshot>> GetAgentAsync(string tenant, string agentId, CancellationToken ct) =>
        SendAsync<AgentSnapshot>(HttpMethod.Get, $"{Tenant(tenant)}/agents/{Uri.EscapeDataString(agentId)}", null, ct);

    /// <summary>The sessions offered to an agent right now (an agent connecting late still gets them).</summary>
    public Task<Outcome<IReadOnlyList<SessionSnapshot>>> GetOffersAsync(
        string tenant, string agentId, CancellationToken ct) =>
        SendAsync<IReadOnlyList<SessionSnapshot>>(
            HttpMethod.Get, $"{Tenant(tenant)}/agents/{Uri.EscapeDataString(agentId)}/offers", null, ct);

    /// <summary>Renews the agent's presence lease for one of its open connections here.</summary>
    public Task<Outcome<AgentSnapshot>> HeartbeatAsync(
        string tenant, string agentId, string connectionId, CancellationToken ct) =>
        SendAsync<AgentSnapshot>(HttpMethod.Post, Connection(tenant, agentId, connectionId) + "/heartbeat", null, ct);

    /// <summary>One of the agent's connections here closed (its last one: offline after a short grace).</summary>
    public Task<Outcome<AgentSnapshot>> ConnectionClosedAsync(
        string tenant, string agentId, string connectionId, CancellationToken ct) =>
        SendAsync<AgentSnapshot>(HttpMethod.Delete, Connection(tenant, agentId, connectionId), null, ct);

    private static string Connection(string tenant, string agentId, string connectionId) =>
        $"{Tenant(tenant)}/agents/{Uri.EscapeDataString(agentId)}/connections/{Uri.EscapeDataString(connectionId)}";

    /// <summary>The tenant's router snapshot: waiting sessions, open offers, agents (for supervisors).</summary>
    /// <summary>The visitor's most recent sessions (newest first), for staff's visitor details.</summary>
    public Task<Outcome<IReadOnlyList<VisitorSessionSummary>>> GetVisitorSessionsAsync(
        string tenant, string visitorId, CancellationToken ct) =>
        SendAsync<IReadOnlyList<VisitorSessionSummary>>(
            HttpMethod.Get, $"{Tenant(tenant)}/visitors/{Uri.EscapeDataString(visitorId)}/sessions", null, ct);

    public Task<Outcome<QueueSnapshot>> GetQueuesAsync(string tenant, CancellationToken ct) =>
        SendAsync<QueueSnapshot>(HttpMethod.Get, $"{Tenant(tenant)}/queues", null, ct);

    /// <summary>The tenant's SLA figures over the sessions service's window, and the chats agents hold now.</summary>
    public Task<Outcome<SlaReport>> GetSlaAsync(string tenant, CancellationToken ct) =>
        SendAsync<SlaReport>(HttpMethod.Get, $"{Tenant(tenant)}/sla", null, ct);

    private static string Tenant(string tenant) => "/v1/tenants/" + Uri.EscapeDataString(tenant);

    private static string Sessions(string tenant) => Tenant(tenant) + "/sessions";

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    private static Outcome<T> NoSuchSession<T>() => Outcome.Fail<T>(ErrorCodes.NotFound, "No such session.");

    private static Outcome<T> Unavailable<T>() =>
        Outcome.Fail<T>(ErrorCodes.Unavailable, "The sessions service is unavailable; retry later.");

    /// <summary>A call to the session actor through this app's sidecar; a failed call is unavailable.</summary>
    private async Task<Outcome<T>> CallSessionAsync<T, TResult>(
        string tenant, string sessionId, Func<ISessionActor, Task<TResult>> call, Func<TResult, Outcome<T>> map,
        CancellationToken ct)
    {
        if (!SessionIds.IsWellFormed(sessionId))
        {
            return NoSuchSession<T>();
        }

        try
        {
            return map(await call(actors.Session(tenant, sessionId)).WaitAsync(ct));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Call to session {Session} failed", sessionId);
            return Unavailable<T>();
        }
    }

    private Task<Outcome<T>> SendToSessionAsync<T>(
        HttpMethod method, string tenant, string sessionId, string rest, object? body, CancellationToken ct) =>
        SessionIds.IsWellFormed(sessionId)
            ? SendAsync<T>(method, Sessions(tenant) + "/" + sessionId + rest, body, ct)
            : Task.FromResult(NoSuchSession<T>());

    private async Task<Outcome<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: JsonDefaults.Options);
        }

        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync<T>(JsonDefaults.Options, ct);
                return value is null
                    ? Outcome.Fail<T>(ErrorCodes.Unavailable, "Empty answer from the sessions service.")
                    : Outcome.Ok(value);
            }

            return await ProblemAsync<T>(response, ct);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException
            && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Sessions call {Method} {Path} failed", method, path);
            return Unavailable<T>();
        }
    }

    private static async Task<Outcome<T>> ProblemAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return Unavailable<T>();
        }

        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = problem.RootElement;
            var code = root.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d)
                ? d.GetString()
                : root.TryGetProperty("title", out var t)
                ? t.GetString()
                : null;
            return Outcome.Fail<T>(code ?? ErrorCodes.InvalidArgument, detail ?? "The request was refused.");
        }
        catch (JsonException)
        {
            return Outcome.Fail<T>(
                response.StatusCode == HttpStatusCode.NotFound ? ErrorCodes.NotFound : ErrorCodes.InvalidArgument,
                "The request was refused.");
        }
    }
}
