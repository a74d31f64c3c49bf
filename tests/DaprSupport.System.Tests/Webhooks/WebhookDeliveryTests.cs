using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.System.Tests.Configuration;
using DaprSupport.Webhooks;

namespace DaprSupport.System.Tests.Webhooks;

/// <summary>
/// Issue 15, signed webhooks: a tenant's admin configures an endpoint; the public events of its sessions reach the
/// receiver as signed POSTs through Dapr (pub/sub into the agents app, a webhook actor per endpoint, reminders for
/// retries); failures are retried with backoff under one event id, dead-lettered after the last attempt, visible to
/// the admin, and queued again on request.
/// </summary>
[Collection(ConfigCollection.Name)]
public sealed class WebhookDeliveryTests(ConfigFixture fixture) : IDisposable
{
    private const string Secret = "whsec-test-secret-0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly ConfigApi _api = new(fixture.Run);

    [Fact]
    public async Task A_session_event_arrives_signed_with_a_fresh_timestamp_and_the_catalogued_payload()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, _, _) = await TenantWithWebhookAsync(receiver);

        var sessionId = await CreateSessionAsync(tenant);
        var hook = await receiver.NextAsync(Patience);

        Assert.True(WebhookSignature.Verify(Secret, hook.Id, hook.Timestamp, hook.Body, hook.Signature,
            DateTimeOffset.UtcNow), $"signature {hook.Signature} does not verify");
        Assert.False(WebhookSignature.Verify("another-secret-0123456789abcdef", hook.Id, hook.Timestamp, hook.Body,
            hook.Signature, DateTimeOffset.UtcNow));
        Assert.False(WebhookSignature.Verify(Secret, hook.Id, hook.Timestamp, hook.Body, hook.Signature,
            DateTimeOffset.UtcNow.AddMinutes(10)), "a replay ten minutes later must fail the timestamp check");
        var body = JsonNode.Parse(hook.Body)!;
        Assert.Equal(hook.Id, body["id"]!.GetValue<string>());
        Assert.Equal(Topics.SessionLifecycle, body["type"]!.GetValue<string>());
        Assert.Equal(tenant, body["tenant"]!.GetValue<string>());
        Assert.Equal(sessionId, body["data"]!["session"]!["sessionId"]!.GetValue<string>());
        Assert.Equal("queued", body["data"]!["change"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failing_receiver_gets_the_same_event_again_until_it_answers_and_the_admin_sees_the_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, _, admin) = await TenantWithWebhookAsync(receiver);
        receiver.Answer(503, 500);

        await CreateSessionAsync(tenant);
        var first = await receiver.NextAsync(Patience);
        var second = await receiver.NextAsync(Patience);
        var third = await receiver.NextAsync(Patience);

        Assert.Equal([503, 500, 200], new[] { first.Answered, second.Answered, third.Answered });
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, third.Id);
        var view = await WebhooksAsync(admin);
        var recent = view[0]!["deliveries"]!["recent"]!.AsArray();
        Assert.Equal("delivered", recent[0]!["outcome"]!.GetValue<string>());
        Assert.Equal(3, recent[0]!["attempts"]!.GetValue<int>());
        Assert.Equal(503, recent.Single(r => r!["attempts"]!.GetValue<int>() == 1)!["lastStatus"]!.GetValue<int>());
        Assert.Equal(0, view[0]!["deliveries"]!["pending"]!.GetValue<int>());
        Assert.Null(view[0]!["secrets"]);
    }

    [Fact]
    public async Task After_the_last_attempt_the_event_is_dead_lettered_and_an_admin_can_send_it_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, _, admin) = await TenantWithWebhookAsync(receiver);
        receiver.Answer(Enumerable.Repeat(500, ConfigFixture.WebhookAttempts).ToArray());

        await CreateSessionAsync(tenant);
        string? id = null;
        for (var i = 0; i < ConfigFixture.WebhookAttempts; i++)
        {
            id = (await receiver.NextAsync(Patience)).Id;
        }

        var dead = await EventuallyAsync(admin, v => v[0]!["deliveries"]!["deadLetters"]!.AsArray().Count == 1);
        var letter = dead[0]!["deliveries"]!["deadLetters"]![0]!;
        Assert.Equal(id, letter["eventId"]!.GetValue<string>());
        Assert.Equal("dead_lettered", letter["outcome"]!.GetValue<string>());
        Assert.Equal(ConfigFixture.WebhookAttempts, letter["attempts"]!.GetValue<int>());

        using (var retry = await _api.SendAsync(HttpMethod.Post,
                   $"/v1/admin/webhooks/crm/dead-letters/{Uri.EscapeDataString(id!)}/retry", admin))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        var again = await receiver.NextAsync(Patience);
        Assert.Equal(id, again.Id);
        Assert.Equal(200, again.Answered);
        await EventuallyAsync(admin, v => v[0]!["deliveries"]!["deadLetters"]!.AsArray().Count == 0);
        using var unknown = await _api.SendAsync(HttpMethod.Post, "/v1/admin/webhooks/crm/dead-letters/nope/retry", admin);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("supervisor")]
    public async Task Only_the_tenants_admins_see_its_webhooks(string role)
    {
        var (tenant, key) = await _api.NewTenantAsync("hooks");
        var token = await _api.StaffTokenAsync(tenant, key, role);

        using var staff = await _api.SendAsync(HttpMethod.Get, "/v1/admin/webhooks", token);
        using var anonymous = await _api.SendAsync(HttpMethod.Get, "/v1/admin/webhooks", null);

        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    public void Dispose() => _api.Dispose();

    /// <summary>A new tenant whose admin configured endpoint <c>crm</c> for session events, applied by agents.</summary>
    private async Task<(string Tenant, string Key, string AdminToken)> TenantWithWebhookAsync(WebhookReceiver receiver)
    {
        var (tenant, key) = await _api.NewTenantAsync("hooks");
        var admin = await _api.StaffTokenAsync(tenant, key, "admin");
        var applied = await AppliedVersionsAsync();
        await _api.ChangeAsync(admin, d => d["webhooks"] = new JsonArray(new JsonObject
        {
            ["id"] = "crm",
            ["url"] = receiver.Url.ToString(),
            ["events"] = new JsonArray(Topics.SessionLifecycle),
            ["secrets"] = new JsonArray(Secret),
        }));

        // The agents replica applies the new version from the change event (its cache is what queues webhooks).
        var clock = global::System.Diagnostics.Stopwatch.StartNew();
        while (await AppliedVersionsAsync() <= applied)
        {
            Assert.True(clock.Elapsed < Patience, "agents did not apply the configuration change");
            await Task.Delay(20);
        }

        return (tenant, key, admin);
    }

    /// <summary>Configuration versions the agents app has applied so far (its support_config_applied_total).</summary>
    private async Task<double> AppliedVersionsAsync()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add(ApiTokens.Header, fixture.Run.Tokens[ApiTokens.AppApiTokenVariable]);
        var metrics = await http.GetStringAsync(
            new Uri($"http://127.0.0.1:{fixture.Run.Sidecar(AppIds.Agents).Options.AppPort}/metrics"));
        return metrics.Split('\n')
            .Where(l => l.StartsWith("support_config_applied_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], global::System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<string> CreateSessionAsync(string tenant)
    {
        using var sessions = fixture.Run.InvokeClient(AppIds.Gateway, AppIds.Sessions);
        using var created = await sessions.PostAsJsonAsync(new Uri($"/v1/tenants/{tenant}/sessions", UriKind.Relative),
            new CreateSessionRequest("v-" + Guid.NewGuid().ToString("N"), "Vera", "billing", 0, "c1", "hello"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<SessionSnapshot>())!.SessionId;
    }

    private async Task<JsonArray> WebhooksAsync(string admin)
    {
        using var response = await _api.SendAsync(HttpMethod.Get, "/v1/admin/webhooks", admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private async Task<JsonArray> EventuallyAsync(string admin, Func<JsonArray, bool> done)
    {
        var clock = global::System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var view = await WebhooksAsync(admin);
            if (done(view))
            {
                return view;
            }

            // Five reads a second at most, under the admin's per-caller request limit (10/s after a burst of 100).
            Assert.True(clock.Elapsed < Patience, $"webhooks never reached the expected state: {view.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
