using DaprSupport.Contracts;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Backend;
using DaprSupport.ServiceDefaults;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.Gateway.Tests.Unit.Fakes;

/// <summary>
/// The sessions service's read API as an in-memory fake behind a real <see cref="SessionsClient"/> (no sockets):
/// <c>GET …/sessions/{id}</c> answers the stored snapshot (404 problem when there is none) and
/// <c>GET …/sessions/{id}/timeline?afterSeq=N[&amp;upToSeq=M]</c> the stored items after N (up to M), a page at most;
/// <c>PUT …/agents/{id}/presence</c> answers from <see cref="PresenceAnswers"/>, <c>GET …/agents/{id}/offers</c> from
/// <see cref="OffersAnswers"/>. Every request path is recorded.
/// </summary>
internal sealed class FakeSessionsBackend : HttpMessageHandler
{
    private readonly Dictionary<string, SessionSnapshot> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimelineItem>> _timelines = new(StringComparer.Ordinal);
    private const string HeartbeatPath = "/heartbeat";
    private readonly SemaphoreSlim _requested = new(0);

    public FakeSessionsBackend() =>
        Client = new SessionsClient(new HttpClient(this) { BaseAddress = new Uri("http://sessions") },
            Actors, NullLogger<SessionsClient>.Instance);

    public SessionsClient Client { get; }

    /// <summary>The session actor the client calls directly (texts, read marks).</summary>
    public FakeSessionActors Actors { get; } = new();

    /// <summary>Every request's path and query, in order (lock it to read while a connection runs).</summary>
    public List<string> Requests { get; } = [];

    /// <summary>
    /// Answers for <c>PUT …/agents/{id}/presence</c>, in turn: 200 with the agent, or the status given; 503 once they
    /// run out. The statuses asked for are in <see cref="PresenceAsked"/>.
    /// </summary>
    public Queue<HttpStatusCode> PresenceAnswers { get; } = new();

    public List<AgentPresence> PresenceAsked { get; } = [];

    /// <summary>
    /// Answers for <c>GET …/agents/{id}/offers</c>, in turn: 200 with the stored sessions offered to the agent, or the
    /// status given; 200 once they run out.
    /// </summary>
    public Queue<HttpStatusCode> OffersAnswers { get; } = new();

    /// <summary>Waits until <paramref name="done"/> holds, re-checked at each request (10 s at most).</summary>
    public async Task WaitForAsync(Func<bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!done())
        {
            await _requested.WaitAsync(timeout.Token);
        }
    }

    /// <summary>Waits until the agent's connection has sent <paramref name="more"/> heartbeats from now.</summary>
    public async Task WaitForMoreHeartbeatsAsync(int more)
    {
        var beats = Count(HeartbeatPath);
        await WaitForAsync(() => Count(HeartbeatPath) >= beats + more);
    }

    public int Count(string pathEnd)
    {
        lock (Requests)
        {
            return Requests.Count(r => r.EndsWith(pathEnd, StringComparison.Ordinal));
        }
    }

    public void Store(SessionSnapshot session) => _sessions[session.SessionId] = session;

    public void Append(params TimelineItem[] items)
    {
        foreach (var item in items)
        {
            if (!_timelines.TryGetValue(item.SessionId, out var list))
            {
                _timelines[item.SessionId] = list = [];
            }

            list.Add(item);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await AnswerAsync(request);
        }
        finally
        {
            _requested.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        _requested.Dispose();
        Actors.Dispose();
        base.Dispose(disposing);
    }

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        lock (Requests)
        {
            Requests.Add(request.RequestUri.PathAndQuery);
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.Method == HttpMethod.Put && segments is ["v1", "tenants", var tenant, "agents", var agentId, "presence"])
        {
            return await PresenceAsync(request, tenant, agentId);
        }

        if (request.Method == HttpMethod.Get && segments is ["v1", "tenants", _, "agents", var offeredTo, "offers"])
        {
            HttpStatusCode offers;
            lock (OffersAnswers)
            {
                offers = OffersAnswers.TryDequeue(out var next) ? next : HttpStatusCode.OK;
            }

            return offers == HttpStatusCode.OK
                ? Json(_sessions.Values.Where(s => s.IsOfferedTo(Uri.UnescapeDataString(offeredTo))).ToList())
                : new HttpResponseMessage(offers);
        }

        // v1 / tenants / {tenant} / sessions / {id} [/ timeline]
        if (request.Method != HttpMethod.Get || segments is not ["v1", "tenants", _, "sessions", var id, ..])
        {
            return new HttpResponseMessage(HttpStatusCode.NotImplemented);
        }

        id = Uri.UnescapeDataString(id);
        if (segments.Length == 6 && segments[5] == "timeline")
        {
            var query = request.RequestUri.Query.TrimStart('?').Split('&')
                .Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            // As the sessions API: at most a page (limit, or the largest) after afterSeq, up to upToSeq.
            var after = query["afterSeq"];
            var upTo = Math.Min(
                query.GetValueOrDefault("upToSeq", long.MaxValue),
                after + query.GetValueOrDefault("limit", SessionLimits.MaxTimelinePage));
            var items = _timelines.GetValueOrDefault(id, []).Where(i => i.Seq > after && i.Seq <= upTo).ToList();
            return Json(items);
        }

        return _sessions.TryGetValue(id, out var session)
            ? Json(session)
            : new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = JsonContent.Create(new { code = "not_found", detail = "No such session." }),
            };
    }

    private async Task<HttpResponseMessage> PresenceAsync(HttpRequestMessage request, string tenant, string agentId)
    {
        var update = (await request.Content!.ReadFromJsonAsync<PresenceUpdate>(JsonDefaults.Options))!;
        HttpStatusCode answer;
        lock (PresenceAsked)
        {
            PresenceAsked.Add(update.Presence);
            answer = PresenceAnswers.TryDequeue(out var next) ? next : HttpStatusCode.ServiceUnavailable;
        }

        return answer == HttpStatusCode.OK
            ? Json(new AgentSnapshot(tenant, agentId, update.Presence, update.Skills, update.Capacity ?? 1, [], null))
            : new HttpResponseMessage(answer);
    }

    private static HttpResponseMessage Json<T>(T value) =>
        new(HttpStatusCode.OK) { Content = JsonContent.Create(value, options: JsonDefaults.Options) };
}
