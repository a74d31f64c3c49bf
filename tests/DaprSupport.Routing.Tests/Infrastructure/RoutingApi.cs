using DaprSupport.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.ServiceDefaults;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>The Sessions service's HTTP API (/v1/tenants/{tenant}/...), as the gateway calls it.</summary>
public sealed class RoutingApi(HttpClient http) : IDisposable
{
    public static JsonSerializerOptions Json => JsonDefaults.Options;

    public HttpClient Http { get; } = http;

    public static string NewTenant(string name) => $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 13, 60)];

    public Task<HttpResponseMessage> PostAsync<T>(string path, T body) => Http.PostAsJsonAsync(path, body, Json);

    public async Task<SessionSnapshot> CreateAsync(string tenant, string visitor, string? skill = null, int priority = 0, string? text = null, string? clientMsgId = null)
    {
        using var response = await PostAsync($"/v1/tenants/{tenant}/sessions/", new CreateSessionRequest(visitor, null, skill, priority, clientMsgId, text));
        return await ReadAsync<SessionSnapshot>(response, HttpStatusCode.Created);
    }

    public async Task<AgentSnapshot> PresenceAsync(string tenant, string agent, AgentPresence presence, string[]? skills = null, int? capacity = null)
    {
        using var response = await Http.PutAsJsonAsync($"/v1/tenants/{tenant}/agents/{agent}/presence", new PresenceUpdate(presence, skills ?? ["general"], capacity), Json);
        return await ReadAsync<AgentSnapshot>(response, HttpStatusCode.OK);
    }

    public async Task<AgentSnapshot> HeartbeatAsync(string tenant, string agent)
    {
        using var response = await Http.PostAsync(new Uri($"/v1/tenants/{tenant}/agents/{agent}/heartbeat", UriKind.Relative), null);
        return await ReadAsync<AgentSnapshot>(response, HttpStatusCode.OK);
    }

    /// <summary>A beat of one of the agent's connections, as a gateway sends it.</summary>
    public async Task<AgentSnapshot> ConnectionHeartbeatAsync(string tenant, string agent, string connection)
    {
        using var response = await Http.PostAsync(new Uri($"/v1/tenants/{tenant}/agents/{agent}/connections/{connection}/heartbeat", UriKind.Relative), null);
        return await ReadAsync<AgentSnapshot>(response, HttpStatusCode.OK);
    }

    /// <summary>One of the agent's connections closed, as a gateway says it.</summary>
    public async Task<AgentSnapshot> ConnectionClosedAsync(string tenant, string agent, string connection)
    {
        using var response = await Http.DeleteAsync(new Uri($"/v1/tenants/{tenant}/agents/{agent}/connections/{connection}", UriKind.Relative));
        return await ReadAsync<AgentSnapshot>(response, HttpStatusCode.OK);
    }

    public Task<AgentSnapshot> AgentAsync(string tenant, string agent) => GetAsync<AgentSnapshot>($"/v1/tenants/{tenant}/agents/{agent}");

    public Task<SessionSnapshot> SessionAsync(string tenant, string session) => GetAsync<SessionSnapshot>($"/v1/tenants/{tenant}/sessions/{session}");

    public Task<QueueSnapshot> QueuesAsync(string tenant) => GetAsync<QueueSnapshot>($"/v1/tenants/{tenant}/queues");

    public Task<List<TimelineItem>> TimelineAsync(string tenant, string session, long afterSeq = 0) =>
        GetAsync<List<TimelineItem>>($"/v1/tenants/{tenant}/sessions/{session}/timeline?afterSeq={afterSeq}");

    public Task<HttpResponseMessage> AcceptAsync(string tenant, string session, string agent) =>
        PostAsync($"/v1/tenants/{tenant}/sessions/{session}/accept", new AcceptRequest(agent));

    public Task<HttpResponseMessage> DeclineAsync(string tenant, string session, string agent) =>
        PostAsync($"/v1/tenants/{tenant}/sessions/{session}/decline", new DeclineRequest(agent));

    public Task<HttpResponseMessage> TransferAsync(string tenant, string session, TransferRequest request) =>
        PostAsync($"/v1/tenants/{tenant}/sessions/{session}/transfer", request);

    public Task<HttpResponseMessage> ResolveAsync(string tenant, string session, string byId, string byRole) =>
        PostAsync($"/v1/tenants/{tenant}/sessions/{session}/resolve", new ResolveRequest(byId, byRole));

    public Task<HttpResponseMessage> ReopenAsync(string tenant, string session, string byId, string byRole) =>
        PostAsync($"/v1/tenants/{tenant}/sessions/{session}/reopen", new ReopenRequest(byId, byRole));

    public Task<HttpResponseMessage> AppendAsync(string tenant, string session, AppendTextRequest request) =>
        PostAsync($"/v1/tenants/{tenant}/sessions/{session}/timeline", request);

    public Task<HttpResponseMessage> MarkReadAsync(string tenant, string session, MarkReadRequest request) =>
        PostAsync($"/v1/tenants/{tenant}/sessions/{session}/read", request);

    /// <summary>Marks read and asserts success; the session as it is afterwards.</summary>
    public async Task<SessionSnapshot> MarkReadOkAsync(string tenant, string session, MarkReadRequest request)
    {
        using var response = await MarkReadAsync(tenant, session, request);
        return await ReadAsync<SessionSnapshot>(response, HttpStatusCode.OK);
    }

    /// <summary>Accepts and asserts success.</summary>
    public async Task<SessionSnapshot> AcceptOkAsync(string tenant, string session, string agent)
    {
        using var response = await AcceptAsync(tenant, session, agent);
        return await ReadAsync<SessionSnapshot>(response, HttpStatusCode.OK);
    }

    /// <summary>Waits until the session is offered (to anyone, or to <paramref name="agent"/>), polling with a deadline.</summary>
    public async Task<SessionSnapshot> OfferedAsync(string tenant, string session, string? agent = null, int seconds = 15)
    {
        try
        {
            return await Eventually.Until(() => SessionAsync(tenant, session), s => s.Status == SessionStatus.Offered && (agent is null || s.OfferedTo == agent), seconds,
                $"session {session} offered to {agent ?? "anyone"}");
        }
        catch (Xunit.Sdk.FailException ex)
        {
            var q = await QueuesAsync(tenant);
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nqueues: waiting [{string.Join(", ", q.Waiting)}] offers [{string.Join(", ", q.Offers)}] agents [{string.Join(", ", q.Agents.Select(a => $"{a.AgentId} {a.Presence} load {a.Load}/{a.Capacity} v{a.Version}"))}]");
        }
    }

    public async Task<T> GetAsync<T>(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync<T>(response, HttpStatusCode.OK);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>Asserts a problem+json answer with the status and the snake_case code.</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal((int)status, doc.RootElement.GetProperty("status").GetInt32());
        if (doc.RootElement.TryGetProperty("code", out var c))
        {
            Assert.Equal(code, c.GetString());
        }
        else
        {
            Assert.Fail($"No code in {body}");
        }
    }

    public void Dispose() => Http.Dispose();
}
