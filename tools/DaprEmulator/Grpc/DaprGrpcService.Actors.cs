using System.Net;
using System.Text.Json;
using DaprSupport.DaprEmulator.Actors;
using DaprSupport.DaprEmulator.State;
using DaprSupport.DaprEmulator.Tracing;
using Google.Protobuf;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace DaprSupport.DaprEmulator.Grpc;

// Actors over gRPC (reference/api/actors_api; daprd's pkg/api/grpc): InvokeActor, GetActorState and the timer and
// reminder registrations, on the same actor subsystem as the HTTP API. Failures are Internal with daprd's messages
// ("error invoke actor method: …"), except a reminder on a type the app does not host (PermissionDenied), a reminder
// registered with overwrite false under a name that exists (AlreadyExists) and a malformed request (InvalidArgument).
// An error the actor itself raised (the app's X-DaprErrorResponseHeader answer) is not a gRPC error: daprd returns the
// app's body as the response data.
public partial class DaprGrpcService
{

    private static readonly Method<Autogen.InvokeActorRequest, Autogen.InvokeActorResponse> InvokeActorMethod =
        DaprMethods.Unary<Autogen.InvokeActorRequest, Autogen.InvokeActorResponse>("InvokeActor");

    private static readonly Method<Autogen.GetActorStateRequest, Autogen.GetActorStateResponse> GetActorStateMethod =
        DaprMethods.Unary<Autogen.GetActorStateRequest, Autogen.GetActorStateResponse>("GetActorState");

    private static readonly Method<Autogen.RegisterActorTimerRequest, Empty> RegisterActorTimerMethod =
        DaprMethods.Unary<Autogen.RegisterActorTimerRequest, Empty>("RegisterActorTimer");

    private static readonly Method<Autogen.UnregisterActorTimerRequest, Empty> UnregisterActorTimerMethod =
        DaprMethods.Unary<Autogen.UnregisterActorTimerRequest, Empty>("UnregisterActorTimer");

    private static readonly Method<Autogen.RegisterActorReminderRequest, Empty> RegisterActorReminderMethod =
        DaprMethods.Unary<Autogen.RegisterActorReminderRequest, Empty>("RegisterActorReminder");

    private static readonly Method<Autogen.UnregisterActorReminderRequest, Empty> UnregisterActorReminderMethod =
        DaprMethods.Unary<Autogen.UnregisterActorReminderRequest, Empty>("UnregisterActorReminder");

    public virtual Task<Autogen.InvokeActorResponse> InvokeActor(Autogen.InvokeActorRequest request, ServerCallContext context) =>
        OnActor(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(context);
            var key = new ActorKey(request.ActorType, request.ActorId);
            var path = $"actors/{Uri.EscapeDataString(key.Type)}/{Uri.EscapeDataString(key.Id)}/method/{Uri.EscapeDataString(request.Method)}";
            var body = request.Data.ToByteArray();
            var reentrancyId = request.Metadata.FirstOrDefault(m => string.Equals(m.Key, ActorSubsystem.ReentrancyHeader, StringComparison.OrdinalIgnoreCase)).Value;
            var trace = Host.Tracing().StartSpan(context.RequestHeaders.GetValue(TraceContext.TraceParentHeader), context.RequestHeaders.GetValue(TraceContext.TraceStateHeader));

            HttpRequestMessage Build()
            {
                var message = new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
                foreach (var (name, value) in request.Metadata)
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }

                trace.ApplyTo(message);
                return message;
            }

            using var response = await Host.Actors.CallAsync(key, Build, reentrancyId, activate: true, context.CancellationToken);
            var data = await response.Content.ReadAsByteArrayAsync(context.CancellationToken);
            if (ActorApiException.FromAppAnswer(response, data, request.Method) is { } failed)
            {
                throw failed;
            }

            return new Autogen.InvokeActorResponse { Data = ByteString.CopyFrom(data) };
        });

    public virtual Task<Autogen.GetActorStateResponse> GetActorState(Autogen.GetActorStateRequest request, ServerCallContext context) =>
        OnActor(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(context);
            var entry = await Host.Actors.GetStateAsync(Sidecar, new ActorKey(request.ActorType, request.ActorId), request.Key, context.CancellationToken);
            var response = new Autogen.GetActorStateResponse();
            if (entry is not null)
            {
                response.Data = ByteString.CopyFrom(entry.Value.Span);
                response.Metadata.Add(StateRequestMetadata.Of(entry));
            }

            return response;
        });

    public virtual Task<Empty> RegisterActorTimer(Autogen.RegisterActorTimerRequest request, ServerCallContext context) =>
        OnActor(() =>
        {
            ArgumentNullException.ThrowIfNull(request);
            Host.Actors.CreateTimer(Sidecar, new ActorKey(request.ActorType, request.ActorId), request.Name,
                new TimerRequest(request.Callback, JsonData(request.Data), NullIfEmpty(request.DueTime), NullIfEmpty(request.Period), NullIfEmpty(request.Ttl)));
            return Task.FromResult(new Empty());
        });

    public virtual Task<Empty> UnregisterActorTimer(Autogen.UnregisterActorTimerRequest request, ServerCallContext context) =>
        OnActor(() =>
        {
            ArgumentNullException.ThrowIfNull(request);
            Host.Actors.DeleteTimer(new ActorKey(request.ActorType, request.ActorId), request.Name);
            return Task.FromResult(new Empty());
        });

    public virtual Task<Empty> RegisterActorReminder(Autogen.RegisterActorReminderRequest request, ServerCallContext context) =>
        OnActor(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(context);
            await Host.Actors.CreateReminderAsync(Sidecar, new ActorKey(request.ActorType, request.ActorId), request.Name,
                new ReminderRequest(
                    JsonData(request.Data), NullIfEmpty(request.DueTime), NullIfEmpty(request.Period), NullIfEmpty(request.Ttl),
                    request.HasOverwrite ? request.Overwrite : null, FailurePolicyOf(request.FailurePolicy)),
                context.CancellationToken);
            return new Empty();
        });

    public virtual Task<Empty> UnregisterActorReminder(Autogen.UnregisterActorReminderRequest request, ServerCallContext context) =>
        OnActor(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(context);
            await Host.Actors.DeleteReminderAsync(Sidecar, new ActorKey(request.ActorType, request.ActorId), request.Name, context.CancellationToken);
            return new Empty();
        });

    private static async Task<T> OnActor<T>(Func<Task<T>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ActorApiException ex)
        {
            throw ex.Error.ToRpc(ex.StatusCode switch
            {
                400 when ex.Error.ErrorCode == Api.DaprError.MalformedRequest => StatusCode.InvalidArgument,
                403 => StatusCode.PermissionDenied,
                409 => StatusCode.AlreadyExists,
                _ => StatusCode.Internal,
            });
        }
    }

    /// <summary>gRPC timer and reminder data are bytes, which daprd JSON-encodes (a base64 string) for the app.</summary>
    private static JsonElement? JsonData(ByteString data) => data.IsEmpty ? null : JsonSerializer.SerializeToElement(data.ToByteArray());

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// A registration's failure policy as the Scheduler takes it (dapr/dapr v1.17.0 <c>pkg/scheduler/server/api.go</c>
    /// <c>schedFPToCron</c>): drop, or constant with its interval (none: at once) and retries (none: no limit); a
    /// policy with neither, or none at all, is the Scheduler's default.
    /// </summary>
    private static ReminderFailurePolicy? FailurePolicyOf(Autogen.JobFailurePolicy? policy) => policy?.PolicyCase switch
    {
        Autogen.JobFailurePolicy.PolicyOneofCase.Drop => ReminderFailurePolicy.DropTick,
        Autogen.JobFailurePolicy.PolicyOneofCase.Constant => new ReminderFailurePolicy(
            false,
            policy.Constant.Interval?.ToTimeSpan() ?? TimeSpan.Zero,
            policy.Constant.HasMaxRetries ? policy.Constant.MaxRetries : null),
        _ => null,
    };

    static partial void BindActors(ServiceBinderBase binder, DaprGrpcService? service)
    {
        binder.AddMethod(InvokeActorMethod, service is null ? null : service.InvokeActor);
        binder.AddMethod(GetActorStateMethod, service is null ? null : service.GetActorState);
        binder.AddMethod(RegisterActorTimerMethod, service is null ? null : service.RegisterActorTimer);
        binder.AddMethod(UnregisterActorTimerMethod, service is null ? null : service.UnregisterActorTimer);
        binder.AddMethod(RegisterActorReminderMethod, service is null ? null : service.RegisterActorReminder);
        binder.AddMethod(UnregisterActorReminderMethod, service is null ? null : service.UnregisterActorReminder);
    }
}
