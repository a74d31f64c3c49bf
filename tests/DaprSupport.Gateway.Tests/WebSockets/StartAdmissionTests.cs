using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// Graceful overload of starts (docs/protocol.md "Errors"): a start beyond the tenant's admission is answered
/// <c>unavailable</c> with <c>retryAfterMs</c> and its clientMsgId at once, and the retry with the same clientMsgId
/// creates the session — once.
/// </summary>
public sealed class StartAdmissionTests(AdmissionGatewaySystem system) : IClassFixture<AdmissionGatewaySystem>
{
    [Fact]
    public async Task A_start_over_the_limit_is_unavailable_with_retry_after_and_its_retry_creates_one_session()
    {
        var (visitorId, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var admission = system.GatewayServices.GetRequiredService<StartAdmission>();
        var start = new { type = "start", clientMsgId = "busy-1", skill = TestUsers.NewSkill(), text = "Hello?" };

        // Another start of the tenant holds its only slot.
        var holder = await admission.EnterAsync(TestTenants.Acme, CancellationToken.None);
        await visitor.SendAsync(start);
        var refused = await visitor.WaitForTypeAsync("error");
        holder.Dispose();

        Assert.Equal("unavailable", refused.GetProperty("code").GetString());
        Assert.Equal("busy-1", refused.GetProperty("clientMsgId").GetString());
        Assert.InRange(refused.GetProperty("retryAfterMs").GetInt64(), 200, 400);

        await visitor.SendAsync(start);
        var ack = await visitor.WaitForAsync(f => IsAck(f, "busy-1"), "ack of the retried start");
        await visitor.SendAsync(start);
        var again = await visitor.WaitForAsync(f => IsAck(f, "busy-1"), "ack of a second retry");

        var sessionId = ack.GetProperty("sessionId").GetString();
        Assert.Equal(sessionId, again.GetProperty("sessionId").GetString());
        var visitorActor = system.SessionsServices.GetRequiredService<IActorProxyFactory>()
            .CreateActorProxy<IVisitorActor>(ActorIds.Visitor(TestTenants.Acme, visitorId), ActorTypes.Visitor);
        var sessions = await visitorActor.GetSessionsAsync();
        Assert.Equal([sessionId], sessions.Select(s => s.SessionId));
    }
}
