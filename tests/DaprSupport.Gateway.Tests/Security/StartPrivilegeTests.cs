using DaprSupport.Contracts;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// No caller-chosen privileges and no free lunch, through the real gateway and sessions service (issue 11 item 2,
/// docs/security.md): a visitor starts only in a public skill group of its tenant and never names a priority (the
/// group's configured priority applies); a visitor holds at most 3 open sessions; staff transfer only to configured
/// skill groups.
/// </summary>
public sealed class StartPrivilegeTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Theory]
    [InlineData(TestTenants.InternalSkill)]
    [InlineData("never-configured")]
    public async Task A_skill_that_is_not_a_public_group_is_invalid_argument(string skill)
    {
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);

        await visitor.SendAsync(new { type = "start", clientMsgId = "s1", skill, text = "hi" });

        await AssertRefusedAsync(visitor, "s1", ErrorCodes.InvalidArgument);
    }

    [Fact]
    public async Task A_priority_in_the_frame_is_invalid_argument()
    {
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);

        await visitor.SendAsync(new { type = "start", clientMsgId = "s1", skill = TestUsers.NewSkill(), priority = 1_000_000, text = "hi" });

        await AssertRefusedAsync(visitor, "s1", ErrorCodes.InvalidArgument);
    }

    [Fact]
    public async Task The_session_gets_its_skill_groups_configured_priority()
    {
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);

        var sessionId = await StartAsync(visitor, TestTenants.PrioritySkill);

        var session = await system.GatewayServices.GetRequiredService<SessionsClient>().GetAsync(TestTenants.Acme, sessionId, CancellationToken.None);
        Assert.Equal(3, session.Value!.Priority);
    }

    [Fact]
    public async Task A_visitors_fourth_open_session_is_resource_exhausted()
    {
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        for (var i = 0; i < 3; i++)
        {
            await StartAsync(visitor, TestUsers.NewSkill());
        }

        await visitor.SendAsync(new { type = "start", clientMsgId = "fourth", skill = TestUsers.NewSkill(), text = "hi" });

        await AssertRefusedAsync(visitor, "fourth", ErrorCodes.ResourceExhausted);
    }

    [Fact]
    public async Task Staff_transfer_only_to_a_configured_skill_group()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(system.GatewayWs, system.Agent(skill).Token);
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        var sessionId = await StartAsync(visitor, skill);
        await AcceptAsync(agent, sessionId);

        await agent.SendAsync(new { type = "transfer", sessionId, toSkill = "never-configured" });
        var refused = await agent.WaitForAsync(f => SocketClient.Type(f) == "error", "refused transfer");
        Assert.Equal(ErrorCodes.InvalidArgument, refused.GetProperty("code").GetString());

        // An internal group is fine for staff (only visitors are held to the public ones).
        await agent.SendAsync(new { type = "transfer", sessionId, toSkill = TestTenants.InternalSkill });
        var queued = await agent.WaitForAsync(f => IsSession(f, sessionId, "queued"), "queued after transfer");
        Assert.Equal(TestTenants.InternalSkill, queued.GetProperty("skill").GetString());
    }

    private static bool IsError(System.Text.Json.JsonElement f, string clientMsgId) =>
        SocketClient.Type(f) == "error" && f.TryGetProperty("clientMsgId", out var id) && id.GetString() == clientMsgId;

    private static async Task AssertRefusedAsync(SocketClient visitor, string clientMsgId, string code)
    {
        var error = await visitor.WaitForAsync(f => IsError(f, clientMsgId), "refusal of " + clientMsgId);
        Assert.Equal(code, error.GetProperty("code").GetString());
        await visitor.SendAsync(new { type = "ping" });
        await visitor.WaitForTypeAsync("pong");
        Assert.DoesNotContain(visitor.Received, f => SocketClient.Type(f) == "ack" && f.GetProperty("clientMsgId").GetString() == clientMsgId);
    }
}
