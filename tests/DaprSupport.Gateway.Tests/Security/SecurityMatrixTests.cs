using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// The role × route/frame matrix of docs/security.md (issue 11 item 8), walked through the real gateway: every HTTP
/// route and every client frame type, for each caller — visitor, agent, supervisor, admin, platform, a user of another
/// tenant, no token — answers what the matrix says. <see cref="Rows"/> is the one list: add a route or frame there
/// (and to the table in docs/security.md, which <see cref="The_documented_matrix_is_the_tested_one"/> compares).
/// </summary>
public sealed class SecurityMatrixTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    public enum Caller { Visitor, Agent, Supervisor, Admin, Platform, OtherTenant, NoToken }

    /// <summary>
    /// One row: what a caller does (against a scene: a session of acme assigned to the agent), then what each caller
    /// gets. Outcomes: an HTTP status; <c>close N</c> (WebSocket closed with N); <c>error code</c>; <c>ack</c>;
    /// <c>session</c> (the session frame answering the frame); <c>ok</c> (answered without an error).
    /// <c>Fresh</c> rows change the session, so each caller gets a scene of its own.
    /// </summary>
    public sealed record Row(
        string Name, Func<Scene, string?, Task<string>> Act, string Visitor, string Agent, string Supervisor,
        string Admin, string Platform, string OtherTenant, string NoToken, bool Fresh = false)
    {
        public string Expected(Caller caller) => caller switch
        {
            Caller.Visitor => Visitor,
            Caller.Agent => Agent,
            Caller.Supervisor => Supervisor,
            Caller.Admin => Admin,
            Caller.Platform => Platform,
            Caller.OtherTenant => OtherTenant,
            _ => NoToken,
        };
    }

    public static readonly Row[] Rows =
    [
        // HTTP routes on the gateway's public port.
        new("POST /v1/auth/token (bearer, no API key)", (s, t) => s.HttpAsync(t, HttpMethod.Post, "/v1/auth/token", """{"tenant":"acme","userId":"x","role":"agent"}"""),
            "401", "401", "401", "401", "401", "401", "401"),
        new("POST /v1/auth/visitor (foreign Origin)", (s, t) => s.HttpAsync(t, HttpMethod.Post, "/v1/auth/visitor", """{"tenant":"acme"}""", origin: "https://evil.test"),
            "403", "403", "403", "403", "403", "403", "403"),
        new("GET /v1/widget/config (tenant origin)", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/widget/config?tenant=acme", origin: TestTenants.AcmeOrigin),
            "200", "200", "200", "200", "200", "200", "200"),
        new("GET /v1/widget/config (foreign Origin)", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/widget/config?tenant=acme", origin: "https://evil.test"),
            "403", "403", "403", "403", "403", "403", "403"),
        new("GET /v1/sessions/{id}/timeline", (s, t) => s.HttpAsync(t, HttpMethod.Get, $"/v1/sessions/{s.SessionId}/timeline"),
            "200", "200", "200", "404", "401", "404", "401"),
        new("GET /v1/poll (opens a cursor)", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/poll?waitSeconds=0"),
            "200", "200", "200", "403", "401", "200", "401"),
        new("POST /v1/send (ping)", (s, t) => s.HttpAsync(t, HttpMethod.Post, "/v1/send", """{"type":"ping"}"""),
            "200", "200", "200", "403", "401", "200", "401"),
        new("DELETE /v1/poll (a cursor the caller does not hold)", (s, t) => s.HttpAsync(t, HttpMethod.Delete, "/v1/poll?cursor=0123456789abcdef0123456789abcdef.0"),
            "404", "404", "404", "403", "401", "404", "401"),
        new("GET /v1/ws", (s, t) => s.FrameAsync(t, new { type = "ping" }),
            "ok", "ok", "ok", "close 4403", "close 4401", "ok", "close 4401"),
        new("POST /events/timeline (sidecar only)", (s, t) => s.HttpAsync(t, HttpMethod.Post, "/events/timeline", "{}"),
            "401", "401", "401", "401", "401", "401", "401"),
        new("GET /dapr/subscribe (sidecar only)", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/dapr/subscribe"),
            "401", "401", "401", "401", "401", "401", "401"),
        new("GET /health", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/health"),
            "200", "200", "200", "200", "200", "200", "200"),

        // Tenant administration and platform operation (docs/configuration.md).
        new("GET /v1/admin/config", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/admin/config"),
            "403", "403", "403", "200", "401", "403", "401"),
        new("PUT /v1/admin/config (no If-Match)", (s, t) => s.HttpAsync(t, HttpMethod.Put, "/v1/admin/config", "{}"),
            "403", "403", "403", "428", "401", "403", "401"),
        new("GET /v1/admin/config/history", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/admin/config/history"),
            "403", "403", "403", "200", "401", "403", "401"),
        new("GET /v1/admin/webhooks", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/admin/webhooks"),
            "403", "403", "403", "200", "401", "403", "401"),
        new("POST /v1/admin/webhooks/{endpoint}/dead-letters/{event}/retry (no such endpoint)",
            (s, t) => s.HttpAsync(t, HttpMethod.Post, "/v1/admin/webhooks/crm/dead-letters/e1/retry", "{}"),
            "403", "403", "403", "404", "401", "403", "401"),
        new("POST /v1/platform/tenants (bearer, no platform key)",
            (s, t) => s.HttpAsync(t, HttpMethod.Post, "/v1/platform/tenants", """{"tenant":"acme","enabled":false}"""),
            "401", "401", "401", "401", "401", "401", "401"),

        // The desk's and the console's reads.
        new("GET /v1/me/sessions", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/me/sessions"),
            "403", "200", "403", "403", "401", "200", "401"),
        new("GET /v1/supervisor/snapshot", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/supervisor/snapshot"),
            "403", "403", "200", "403", "401", "403", "401"),
        new("GET /v1/sessions/{id}/visitor", (s, t) => s.HttpAsync(t, HttpMethod.Get, $"/v1/sessions/{s.SessionId}/visitor"),
            "403", "200", "200", "403", "401", "404", "401"),
        new("GET /v1/canned-replies", (s, t) => s.HttpAsync(t, HttpMethod.Get, "/v1/canned-replies"),
            "403", "200", "200", "403", "401", "200", "401"),
        new("POST /v1/supervisor/sessions/{id}/takeover", (s, t) => s.HttpAsync(t, HttpMethod.Post, $"/v1/supervisor/sessions/{s.SessionId}/takeover"),
            "403", "403", "200", "403", "401", "403", "401", Fresh: true),

        // Client frames on a WebSocket (long-poll answers alike).
        new("frame hello (resume the session)", (s, t) => s.FrameAsync(t, new { type = "hello", resume = new Dictionary<string, long> { [s.SessionId] = 0 } }, sessionMatters: true),
            "session", "session", "session", "close 4403", "close 4401", "error not_found", "close 4401"),
        new("frame start", (s, t) => s.FrameAsync(t, new { type = "start", clientMsgId = "mx-start", text = "hi" }),
            "ack", "error forbidden", "error forbidden", "close 4403", "close 4401", "error forbidden", "close 4401"),
        new("frame send", (s, t) => s.FrameAsync(t, new { type = "send", clientMsgId = "mx-send-" + Guid.NewGuid().ToString("N"), sessionId = s.SessionId, text = "hi" }),
            "ack", "ack", "ack", "close 4403", "close 4401", "error not_found", "close 4401"),
        new("frame read", (s, t) => s.FrameAsync(t, new { type = "read", sessionId = s.SessionId, seq = 1 }),
            "ok", "ok", "error forbidden", "close 4403", "close 4401", "error not_found", "close 4401"),
        new("frame presence", (s, t) => s.FrameAsync(t, new { type = "presence", status = "online" }),
            "error forbidden", "ok", "error forbidden", "close 4403", "close 4401", "ok", "close 4401"),
        new("frame accept (the session, assigned to the agent)", (s, t) => s.FrameAsync(t, new { type = "accept", sessionId = s.SessionId }, sessionMatters: true),
            "error forbidden", "session", "error forbidden", "close 4403", "close 4401", "error not_found", "close 4401"),
        new("frame typing", (s, t) => s.FrameAsync(t, new { type = "typing", sessionId = s.SessionId }),
            "ok", "ok", "error forbidden", "close 4403", "close 4401", "error not_found", "close 4401"),
        new("frame note", (s, t) => s.FrameAsync(t, new { type = "note", clientMsgId = "mx-note-" + Guid.NewGuid().ToString("N"), sessionId = s.SessionId, text = "internal" }),
            "error forbidden", "ack", "ack", "close 4403", "close 4401", "error not_found", "close 4401"),
        new("frame decline (the session, assigned, not offered to the caller)", (s, t) => s.FrameAsync(t, new { type = "decline", sessionId = s.SessionId }, sessionMatters: true),
            "error forbidden", "error conflict", "error forbidden", "close 4403", "close 4401", "error not_found", "close 4401"),
        new("frame ping", (s, t) => s.FrameAsync(t, new { type = "ping" }),
            "ok", "ok", "ok", "close 4403", "close 4401", "ok", "close 4401"),
        new("frame transfer (to a configured skill group)", (s, t) => s.FrameAsync(t, new { type = "transfer", sessionId = s.SessionId, toSkill = TestTenants.InternalSkill }, sessionMatters: true),
            "error forbidden", "session", "session", "close 4403", "close 4401", "error invalid_argument", "close 4401", Fresh: true),
        new("frame resolve", (s, t) => s.FrameAsync(t, new { type = "resolve", sessionId = s.SessionId }, sessionMatters: true),
            "session", "session", "session", "close 4403", "close 4401", "error not_found", "close 4401", Fresh: true),
    ];

    [Fact]
    public async Task Every_cell_of_the_matrix_answers_as_documented()
    {
        var shared = await Scene.SetUpAsync(system);
        var wrong = new List<string>();
        foreach (var row in Rows)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var scene = row.Fresh ? await Scene.SetUpAsync(system) : shared;
                var got = await row.Act(scene, scene.TokenOf(caller));
                if (got != row.Expected(caller))
                {
                    wrong.Add($"{row.Name} × {caller}: expected {row.Expected(caller)}, got {got}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_documented_matrix_is_the_tested_one()
    {
        var text = File.ReadAllText(Path.Combine(RepoFiles.Root(), "docs", "security.md"));
        foreach (var row in Rows)
        {
            var cells = string.Join(" | ", Enum.GetValues<Caller>().Select(c => row.Expected(c)));
            Assert.Contains($"| {row.Name} | {cells} |", text, StringComparison.Ordinal);
        }
    }

    /// <summary>The callers and a session of acme assigned to the agent (the visitor started it).</summary>
    public sealed class Scene
    {
        private readonly GatewaySystem _system;
        private readonly Dictionary<Caller, string?> _tokens;

        private Scene(GatewaySystem system, Dictionary<Caller, string?> tokens, string sessionId)
        {
            _system = system;
            _tokens = tokens;
            SessionId = sessionId;
        }

        public string SessionId { get; }

        public string? TokenOf(Caller caller) => _tokens[caller];

        public static async Task<Scene> SetUpAsync(GatewaySystem system)
        {
            var skill = TestUsers.NewSkill();
            var (_, visitorToken) = system.Visitor();
            var (_, agentToken) = system.Agent(skill);
            await using var agent = await OnlineAgentAsync(system.GatewayWs, agentToken);
            await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
            var sessionId = await StartAsync(visitor, skill);
            await AcceptAsync(agent, sessionId);
            var tokens = new Dictionary<Caller, string?>
            {
                [Caller.Visitor] = visitorToken,
                [Caller.Agent] = agentToken,
                [Caller.Supervisor] = system.Agent(skill, role: "supervisor").Token,
                [Caller.Admin] = TestUsers.Issue(system, new SupportPrincipal(TestTenants.Acme, "admin-1", "admin", "Admin", [], null)),
                [Caller.Platform] = TestUsers.Issue(system, new SupportPrincipal("platform", "ops-1", "platform", "Ops", [], null)),
                [Caller.OtherTenant] = system.Agent(skill, tenant: TestTenants.Globex).Token,
                [Caller.NoToken] = null,
            };
            return new Scene(system, tokens, sessionId);
        }

        public async Task<string> HttpAsync(string? token, HttpMethod method, string path, string? body = null, string? origin = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var client = _system.CreateHttpClient();
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Sends the frame and a ping on a new connection; the outcome is the first error, else an ack, else (when
        /// <paramref name="sessionMatters"/>) a session frame of the scene's session, else ok — or how the socket closed.
        /// </summary>
        public async Task<string> FrameAsync(string? token, object frame, bool sessionMatters = false)
        {
            await using var client = await SocketClient.ConnectAsync(_system.GatewayWs, token);
            try
            {
                await client.SendAsync(frame);
                await client.SendAsync(new { type = "ping" });
                await client.WaitForTypeAsync("pong");
            }
            catch (Exception e) when (e is InvalidOperationException or WebSocketException)
            {
                return $"close {(int?)client.Socket.CloseStatus ?? await client.WaitForCloseAsync()}";
            }

            var answers = client.Received;
            if (answers.FirstOrDefault(f => SocketClient.Type(f) == "error") is { ValueKind: JsonValueKind.Object } error)
            {
                return "error " + error.GetProperty("code").GetString();
            }

            if (answers.Any(f => SocketClient.Type(f) == "ack"))
            {
                return "ack";
            }

            return sessionMatters && answers.Any(f => IsSession(f, SessionId)) ? "session" : "ok";
        }
    }
}
