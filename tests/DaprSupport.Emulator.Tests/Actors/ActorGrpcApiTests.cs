using System.Text;
using DaprSupport.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// The actor methods of the Dapr gRPC API (reference/api/actors_api, service dapr.proto.runtime.v1.Dapr), driven with
/// the generated client from the Dapr.Protos package the SDK itself uses, against real SDK actor hosts.
/// </summary>
public sealed class ActorGrpcApiTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static GrpcChannel ChannelOf(TestApp app) => app.OpenGrpcChannel();

    [Fact]
    public async Task InvokeActor_calls_the_method_and_its_state_is_readable_on_the_hosting_sidecar()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");
        using var channel = ChannelOf(caller);
        var grpc = new Autogen.Dapr.DaprClient(channel);
        var id = ActorTestHosts.NewId();

        var echo = await grpc.InvokeActorAsync(new Autogen.InvokeActorRequest
        {
            ActorType = ActorTestHosts.ActorType, ActorId = id, Method = "Echo", Data = ByteString.CopyFromUtf8("\"over grpc\""),
        });
        Assert.Equal("\"over grpc\"", echo.Data.ToStringUtf8());

        var count = await grpc.InvokeActorAsync(new Autogen.InvokeActorRequest { ActorType = ActorTestHosts.ActorType, ActorId = id, Method = "Increment" });
        Assert.Equal("1", count.Data.ToStringUtf8());

        using var hostChannel = ChannelOf(host);
        var hostGrpc = new Autogen.Dapr.DaprClient(hostChannel);
        var state = await hostGrpc.GetActorStateAsync(new Autogen.GetActorStateRequest { ActorType = ActorTestHosts.ActorType, ActorId = id, Key = "count" });
        Assert.Equal("1", state.Data.ToStringUtf8());
        var missing = await hostGrpc.GetActorStateAsync(new Autogen.GetActorStateRequest { ActorType = ActorTestHosts.ActorType, ActorId = id, Key = "none" });
        Assert.True(missing.Data.IsEmpty);
    }

    [Fact]
    public async Task InvokeActor_on_a_type_nobody_hosts_is_Internal_with_daprd_message()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");
        using var channel = ChannelOf(caller);
        var grpc = new Autogen.Dapr.DaprClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await grpc.InvokeActorAsync(new Autogen.InvokeActorRequest { ActorType = "Nobody", ActorId = "1", Method = "Do" }));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.StartsWith("error invoke actor method: ", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("did not find address for actor 'Nobody/1'", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_registered_over_grpc_fires_with_its_bytes_and_only_a_hosting_sidecar_may_register()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");
        using var channel = ChannelOf(host);
        var grpc = new Autogen.Dapr.DaprClient(channel);
        var id = ActorTestHosts.NewId();
        var request = new Autogen.RegisterActorReminderRequest
        {
            ActorType = ActorTestHosts.ActorType, ActorId = id, Name = "g", DueTime = "0h0m0s50ms", Data = ByteString.CopyFrom("grpc-bytes", Encoding.UTF8),
        };

        await grpc.RegisterActorReminderAsync(request);
        var fired = await ActorSignals.For(id).Reminders.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(("g", "grpc-bytes"), (fired.Name, fired.Data));
        await grpc.UnregisterActorReminderAsync(new Autogen.UnregisterActorReminderRequest { ActorType = ActorTestHosts.ActorType, ActorId = id, Name = "g" });

        using var callerChannel = ChannelOf(caller);
        var callerGrpc = new Autogen.Dapr.DaprClient(callerChannel);
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await callerGrpc.RegisterActorReminderAsync(request));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task Timer_registered_over_grpc_fires_its_callback_until_unregistered()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();
        Assert.Equal("active", await caller.Proxy(id).Echo("active"));
        using var channel = ChannelOf(host);
        var grpc = new Autogen.Dapr.DaprClient(channel);
        var timers = ActorSignals.For(id).Timers.Reader;

        await grpc.RegisterActorTimerAsync(new Autogen.RegisterActorTimerRequest
        {
            ActorType = ActorTestHosts.ActorType, ActorId = id, Name = "t", Callback = "OnTimer", DueTime = "0h0m0s0ms", Period = "0h0m0s50ms",
            Data = ByteString.CopyFromUtf8("tock"),
        });
        Assert.Equal("tock", await timers.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.Equal("tock", await timers.ReadAsync().AsTask().WaitAsync(Wait));

        await grpc.UnregisterActorTimerAsync(new Autogen.UnregisterActorTimerRequest { ActorType = ActorTestHosts.ActorType, ActorId = id, Name = "t" });
        await caller.Proxy(id).Echo("sync");
        while (timers.TryRead(out _))
        {
        }

        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => timers.ReadAsync(quiet.Token).AsTask());
    }
}
