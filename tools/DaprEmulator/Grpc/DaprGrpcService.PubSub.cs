using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.DaprEmulator.Tracing;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.DaprEmulator.Grpc;

// Pub/sub publish over gRPC (reference/api/pubsub_api): PublishEvent, BulkPublishEvent and BulkPublishEventAlpha1.
public partial class DaprGrpcService
{
    private static readonly Method<Autogen.PublishEventRequest, Google.Protobuf.WellKnownTypes.Empty> PublishEventMethod =
        DaprMethods.Unary<Autogen.PublishEventRequest, Google.Protobuf.WellKnownTypes.Empty>("PublishEvent");

    private static readonly Method<Autogen.BulkPublishRequest, Autogen.BulkPublishResponse> BulkPublishEventMethod =
        DaprMethods.Unary<Autogen.BulkPublishRequest, Autogen.BulkPublishResponse>("BulkPublishEvent");

    private static readonly Method<Autogen.BulkPublishRequest, Autogen.BulkPublishResponse> BulkPublishEventAlpha1Method =
        DaprMethods.Unary<Autogen.BulkPublishRequest, Autogen.BulkPublishResponse>("BulkPublishEventAlpha1");

    public virtual async Task<Google.Protobuf.WellKnownTypes.Empty> PublishEvent(Autogen.PublishEventRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var component = ResolvePubSub(request.PubsubName, request.Topic);
        var message = Publisher.Message(Sidecar, request.PubsubName, request.Topic, request.Data.ToByteArray(), request.DataContentType,
            request.Metadata, TraceOf(context));
        if (await Publisher.PublishAsync(Sidecar, component, [message], context.CancellationToken) is { } failure)
        {
            throw failure.Error.ToRpc(failure.GrpcCode);
        }

        return new Google.Protobuf.WellKnownTypes.Empty();
    }

    public virtual async Task<Autogen.BulkPublishResponse> BulkPublishEvent(Autogen.BulkPublishRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var component = ResolvePubSub(request.PubsubName, request.Topic);
        var trace = TraceOf(context);
        var messages = request.Entries.Select(e =>
        {
            var metadata = new Dictionary<string, string>(request.Metadata, StringComparer.Ordinal);
            foreach (var (k, v) in e.Metadata)
            {
                metadata[k] = v;
            }

            return Publisher.Message(Sidecar, request.PubsubName, request.Topic, e.Event.ToByteArray(), e.ContentType, metadata, trace);
        }).ToList();
        var response = new Autogen.BulkPublishResponse();
        if (await Publisher.PublishAsync(Sidecar, component, messages, context.CancellationToken, bulk: true) is { } failure)
        {
            response.FailedEntries.AddRange(request.Entries.Select(e => new Autogen.BulkPublishResponseFailedEntry { EntryId = e.EntryId, Error = failure.Error.Message }));
        }

        return response;
    }

    public virtual Task<Autogen.BulkPublishResponse> BulkPublishEventAlpha1(Autogen.BulkPublishRequest request, ServerCallContext context) =>
        BulkPublishEvent(request, context);

    private IPubSubComponent ResolvePubSub(string pubsubName, string topic)
    {
        var (component, error) = Publisher.Resolve(Sidecar, pubsubName, topic);
        return error is not null ? throw error.Error.ToRpc(error.GrpcCode) : component!;
    }

    private TraceContext TraceOf(ServerCallContext context) =>
        Host.Tracing().StartSpan(context.RequestHeaders.GetValue(TraceContext.TraceParentHeader), context.RequestHeaders.GetValue(TraceContext.TraceStateHeader));

    static partial void BindPubSub(ServiceBinderBase binder, DaprGrpcService? service)
    {
        binder.AddMethod(PublishEventMethod, service is null ? null : service.PublishEvent);
        binder.AddMethod(BulkPublishEventMethod, service is null ? null : service.BulkPublishEvent);
        binder.AddMethod(BulkPublishEventAlpha1Method, service is null ? null : service.BulkPublishEventAlpha1);
    }
}
