using System.Text.Json;
using DaprSupport.DaprEmulator.State;
using Google.Protobuf;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace DaprSupport.DaprEmulator.Grpc;

// State management over gRPC (reference/api/state_api), with daprd's status codes: InvalidArgument for an unknown
// store, FailedPrecondition when none is configured, Aborted for an ETag mismatch on save/delete, Internal otherwise
// (transactions report ETag mismatches as Internal too).
public partial class DaprGrpcService
{
    private static readonly Method<Autogen.GetStateRequest, Autogen.GetStateResponse> GetStateMethod =
        DaprMethods.Unary<Autogen.GetStateRequest, Autogen.GetStateResponse>("GetState");

    private static readonly Method<Autogen.GetBulkStateRequest, Autogen.GetBulkStateResponse> GetBulkStateMethod =
        DaprMethods.Unary<Autogen.GetBulkStateRequest, Autogen.GetBulkStateResponse>("GetBulkState");

    private static readonly Method<Autogen.SaveStateRequest, Empty> SaveStateMethod =
        DaprMethods.Unary<Autogen.SaveStateRequest, Empty>("SaveState");

    private static readonly Method<Autogen.DeleteStateRequest, Empty> DeleteStateMethod =
        DaprMethods.Unary<Autogen.DeleteStateRequest, Empty>("DeleteState");

    private static readonly Method<Autogen.DeleteBulkStateRequest, Empty> DeleteBulkStateMethod =
        DaprMethods.Unary<Autogen.DeleteBulkStateRequest, Empty>("DeleteBulkState");

    private static readonly Method<Autogen.ExecuteStateTransactionRequest, Empty> ExecuteStateTransactionMethod =
        DaprMethods.Unary<Autogen.ExecuteStateTransactionRequest, Empty>("ExecuteStateTransaction");

    public virtual Task<Autogen.GetStateResponse> GetState(Autogen.GetStateRequest request, ServerCallContext context) =>
        OnState(request.StoreName, async state =>
        {
            var response = new Autogen.GetStateResponse();
            if (await state.GetAsync(request.Key, context.CancellationToken) is { } entry)
            {
                response.Data = ByteString.CopyFrom(entry.Value.Span);
                response.Etag = entry.ETag;
                response.Metadata.Add(StateRequestMetadata.Of(entry));
            }

            return response;
        });

    public virtual Task<Autogen.GetBulkStateResponse> GetBulkState(Autogen.GetBulkStateRequest request, ServerCallContext context) =>
        OnState(request.StoreName, async state =>
        {
            var response = new Autogen.GetBulkStateResponse();
            foreach (var item in await state.GetBulkAsync(request.Keys, request.Parallelism, context.CancellationToken))
            {
                var bulkItem = new Autogen.BulkStateItem { Key = item.Key, Error = item.Error ?? string.Empty };
                if (item.Entry is { } entry)
                {
                    bulkItem.Data = ByteString.CopyFrom(entry.Value.Span);
                    bulkItem.Etag = entry.ETag;
                    bulkItem.Metadata.Add(StateRequestMetadata.Of(entry));
                }

                response.Items.Add(bulkItem);
            }

            return response;
        });

    public virtual Task<Empty> SaveState(Autogen.SaveStateRequest request, ServerCallContext context) =>
        OnState(request.StoreName, async state =>
        {
            var writes = new List<StateWrite>(request.States.Count);
            foreach (var item in request.States)
            {
                if (string.IsNullOrEmpty(item.Key))
                {
                    throw StateApiException.EmptyKey();
                }

                // With contentType application/json daprd parses the value as JSON first, so invalid JSON fails the call.
                if (item.Metadata.TryGetValue(StateRequestMetadata.ContentType, out var contentType) && contentType == "application/json" && !IsJson(item.Value))
                {
                    throw new RpcException(new Status(StatusCode.Unknown, "invalid character in JSON value"));
                }

                writes.Add(ToWrite(item));
            }

            if (writes.Count > 0)
            {
                await state.SaveAsync(writes, context.CancellationToken);
            }

            return new Empty();
        });

    public virtual Task<Empty> DeleteState(Autogen.DeleteStateRequest request, ServerCallContext context) =>
        OnState(request.StoreName, async state =>
        {
            await state.DeleteAsync(new StateRemoval(request.Key, request.Etag?.Value, ToConcurrency(request.Options)), context.CancellationToken);
            return new Empty();
        });

    public virtual Task<Empty> DeleteBulkState(Autogen.DeleteBulkStateRequest request, ServerCallContext context) =>
        OnState(request.StoreName, async state =>
        {
            var removals = request.States.Select(s => new StateRemoval(s.Key, s.Etag?.Value, ToConcurrency(s.Options))).ToList();
            if (removals.Count > 0)
            {
                await state.DeleteBulkAsync(removals, context.CancellationToken);
            }

            return new Empty();
        });

    public virtual Task<Empty> ExecuteStateTransaction(Autogen.ExecuteStateTransactionRequest request, ServerCallContext context) =>
        OnState(request.StoreName, async state =>
        {
            var changes = new List<StateChange>(request.Operations.Count);
            foreach (var op in request.Operations)
            {
                var item = op.Request ?? new Autogen.StateItem();
                changes.Add(op.OperationType switch
                {
                    "upsert" => ToWrite(item),
                    "delete" => new StateRemoval(item.Key, item.Etag?.Value, ToConcurrency(item.Options)),
                    _ => throw StateApiException.UnsupportedOperation(op.OperationType),
                });
            }

            await state.TransactAsync(changes, context.CancellationToken);
            return new Empty();
        });

    private async Task<T> OnState<T>(string storeName, Func<StateContext, Task<T>> handler)
    {
        try
        {
            return await handler(StateContext.Resolve(Host, Sidecar, storeName, errorAppId: null));
        }
        catch (StateApiException e)
        {
            throw e.ToRpc();
        }
    }

    private static StateWrite ToWrite(Autogen.StateItem item) =>
        new(item.Key, item.Value.Memory, item.Etag?.Value, ToConcurrency(item.Options), new Dictionary<string, string>(item.Metadata, StringComparer.Ordinal));

    private static StateConcurrency ToConcurrency(Autogen.StateOptions? options) =>
        options?.Concurrency == Autogen.StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite ? StateConcurrency.FirstWrite : StateConcurrency.LastWrite;

    private static bool IsJson(ByteString value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value.Memory);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static partial void BindState(ServiceBinderBase binder, DaprGrpcService? service)
    {
        binder.AddMethod(GetStateMethod, service is null ? null : service.GetState);
        binder.AddMethod(GetBulkStateMethod, service is null ? null : service.GetBulkState);
        binder.AddMethod(SaveStateMethod, service is null ? null : service.SaveState);
        binder.AddMethod(DeleteStateMethod, service is null ? null : service.DeleteState);
        binder.AddMethod(DeleteBulkStateMethod, service is null ? null : service.DeleteBulkState);
        binder.AddMethod(ExecuteStateTransactionMethod, service is null ? null : service.ExecuteStateTransaction);
    }
}
