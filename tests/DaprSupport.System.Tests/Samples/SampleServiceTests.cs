using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.Testing;
using static DaprSupport.System.Tests.GatewayTokens;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.System.Tests.Samples;

/// <summary>
/// Issue 15: the Node.js sample runs with the system under the emulator; a scripted conversation through the gateway
/// reaches it as public events, each checked strictly (ajv, strict mode) against the published schemas; the
/// sessions API's answers of the same conversation pass the same strict checks.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SampleServiceTests(SystemFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_node_sample_receives_a_whole_conversation_as_public_events_that_match_the_schemas_strictly()
    {
        var (sessionId, lastSeq, agentId) = await ConverseAsync(SystemRun.SampleSkills[0]);

        var received = await WaitForAsync(r => r["transcripts"]?[sessionId] is not null, "the resolved session's transcript");

        Assert.Empty(received["invalid"]!.AsArray());
        Assert.Empty(received["errors"]!.AsArray());
        var expected = Enumerable.Range(1, (int)lastSeq).Select(i => (long)i).ToList();
        var session = received["sessions"]![sessionId]!;
        Assert.Equal(expected, session["items"]!.AsArray().Select(s => s!.GetValue<long>()).Order());
        Assert.Equal(expected, received["transcripts"]![sessionId]!.AsArray().Select(s => s!.GetValue<long>()));
        var changes = session["changes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Subset(changes.ToHashSet(), new HashSet<string> { "queued", "offered", "assigned", "resolved" });
        Assert.True(received["events"]!["support.reads"]?.GetValue<int>() > 0, received.ToJsonString());
        Assert.True(received["events"]!["support.agents"]?.GetValue<int>() > 0, received.ToJsonString());
        Assert.False(string.IsNullOrEmpty(agentId));
    }

    [Fact]
    public async Task The_sessions_api_answers_of_a_conversation_match_the_published_schemas_strictly()
    {
        var (sessionId, _, agentId) = await ConverseAsync(SystemRun.SampleSkills[1]);
        using var api = system.Run.InvokeClient(AppIds.Gateway, AppIds.Sessions);

        var session = await api.GetStringAsync(new Uri($"/v1/tenants/{Tenant}/sessions/{sessionId}", UriKind.Relative));
        var timeline = JsonNode.Parse(await api.GetStringAsync(
            new Uri($"/v1/tenants/{Tenant}/sessions/{sessionId}/timeline?afterSeq=0", UriKind.Relative)))!.AsArray();
        var agent = await api.GetStringAsync(new Uri($"/v1/tenants/{Tenant}/agents/{agentId}", UriKind.Relative));
        var queues = await api.GetStringAsync(new Uri($"/v1/tenants/{Tenant}/queues", UriKind.Relative));

        Assert.NotEmpty(timeline);
        await ValidateAsync("api/SessionSnapshot", [session]);
        await ValidateAsync("api/TimelineItem", timeline.Select(i => i!.ToJsonString()));
        await ValidateAsync("api/AgentSnapshot", [agent]);
        await ValidateAsync("api/QueueSnapshot", [queues]);
    }

    /// <summary>
    /// Visitor starts, an agent accepts, both write, the visitor reads, the agent resolves — in a skill group of its own,
    /// so that no other test's agent is offered the session.
    /// </summary>
    private async Task<(string SessionId, long LastSeq, string AgentId)> ConverseAsync(string skill)
    {
        using var http = new HttpClient { BaseAddress = system.Run.GatewayBase };
        var agentId = "sample-" + Guid.NewGuid().ToString("N")[..10];
        await using var agent = await OnlineAgentAsync(Ws(system.Run), await StaffTokenAsync(http, agentId, [skill], 3));
        await using var visitor = await SocketClient.ConnectAsync(Ws(system.Run), await VisitorTokenAsync(http, "Noa"));

        var sessionId = await StartAsync(visitor, skill);
        await AcceptAsync(agent, sessionId);
        await SendTextAsync(visitor, sessionId, "my invoice is wrong");
        var reply = await SendTextAsync(agent, sessionId, "let me look");
        await visitor.WaitForAsync(f => IsItem(f, sessionId, reply), "the agent's reply");
        await visitor.SendAsync(new { type = "read", sessionId, seq = reply });
        await agent.SendAsync(new { type = "resolve", sessionId });
        var resolved = await visitor.WaitForAsync(f => IsItem(f, sessionId) && Event(f) == "resolved", "resolved");
        return (sessionId, resolved.GetProperty("seq").GetInt64(), agentId);
    }

    private async Task<JsonNode> WaitForAsync(Func<JsonNode, bool> done, string what)
    {
        var sidecar = system.Run.Sidecar(NotifierSample.AppId);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add(ApiTokens.Header, system.Run.Tokens[ApiTokens.AppApiTokenVariable]);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var received = JsonNode.Parse(
                await http.GetStringAsync(new Uri($"http://127.0.0.1:{sidecar.Options.AppPort}/received")))!;
            if (done(received))
            {
                return received;
            }

            Assert.True(clock.Elapsed < Patience, $"the sample did not get {what}: {received.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The sample's strict checker (ajv) over documents, one per line.</summary>
    internal static async Task ValidateAsync(string schema, IEnumerable<string> documents)
    {
        var start = new ProcessStartInfo("node", ["src/validate.js", schema])
        {
            WorkingDirectory = NotifierSample.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        foreach (var document in documents)
        {
            await node.StandardInput.WriteLineAsync(JsonNode.Parse(document)!.ToJsonString());
        }

        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"{schema}: {output}{errors}");
    }
}

/// <summary>The sample's strict checker refuses a document the contract does not describe (C# enum names are the contract).</summary>
public sealed class StrictSchemaCheckTests
{
    [Fact]
    public async Task The_strict_check_refuses_what_the_contract_does_not_say()
    {
        var error = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => SampleServiceTests.ValidateAsync("api/SessionSnapshot",
            ["""{"tenant":"demo","sessionId":"s-1","status":"queued","lastSeq":1,"priority":0,"version":1}"""]));
        Assert.Contains("allowed values", error.Message, StringComparison.Ordinal);
    }
}
