using DaprSupport.Contracts;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Backend;
using DaprSupport.ServiceDefaults;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.Gateway.Tests.Unit.Fakes;

/// <summary>
/// The sessions service's read API as an in-memory fake behind a real <see cref="SessionsClient"/> (no sockets):
/// <c>GET …/sessions/{id}</c> answers the stored snapshot (404 problem when there is none) and
/// <c>GET …/sessions/{id}/timeline?afterSeq=N[&amp;upToSeq=M]</c> the stored items after N (up to M). Every request path
/// is recorded.
/// </summary>
internal sealed class FakeSessionsBackend : HttpMessageHandler
{
    private readonly Dictionary<string, SessionSnapshot> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimelineItem>> _timelines = new(StringComparer.Ordinal);

    public FakeSessionsBackend() =>
        Client = new SessionsClient(new HttpClient(this) { BaseAddress = new Uri("http://sessions") },
            new Dapr.Actors.Client.ActorProxyFactory(), NullLogger<SessionsClient>.Instance);

    public SessionsClient Client { get; }

    public List<string> Requests { get; } = [];

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

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var path = request.RequestUri!.AbsolutePath;
        Requests.Add(request.RequestUri.PathAndQuery);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // v1 / tenants / {tenant} / sessions / {id} [/ timeline]
        if (request.Method != HttpMethod.Get || segments is not ["v1", "tenants", _, "sessions", var id, ..])
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotImplemented));
        }

        id = Uri.UnescapeDataString(id);
        if (segments.Length == 6 && segments[5] == "timeline")
        {
            var query = request.RequestUri.Query.TrimStart('?').Split('&')
                .Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            var upTo = query.GetValueOrDefault("upToSeq", long.MaxValue);
            var items = _timelines.GetValueOrDefault(id, [])
                .Where(i => i.Seq > query["afterSeq"] && i.Seq <= upTo).ToList();
            return Json(items);
        }

        return _sessions.TryGetValue(id, out var session)
            ? Json(session)
            : Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = JsonContent.Create(new { code = "not_found", detail = "No such session." }),
            });
    }

    private static Task<HttpResponseMessage> Json<T>(T value) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = JsonContent.Create(value, options: JsonDefaults.Options),
        });
}
