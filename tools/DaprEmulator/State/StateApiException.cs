using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Api;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// A state API failure as daprd reports it: the HTTP status and <c>errorCode</c>/<c>message</c> body, the gRPC status
/// code, and for daprd's structured errors the google.rpc.ErrorInfo <c>reason</c> carried in <c>details</c>.
/// Messages follow daprd's pkg/messages and pkg/api/errors.
/// </summary>
internal sealed class StateApiException : Exception
{
    private StateApiException(int httpStatus, StatusCode grpcCode, string errorCode, string message, string? reason, IReadOnlyDictionary<string, string>? reasonMetadata)
        : base(message)
    {
        HttpStatus = httpStatus;
        GrpcCode = grpcCode;
        ErrorCode = errorCode;
        Reason = reason;
        ReasonMetadata = reasonMetadata;
    }

    public StateApiException()
        : this(StatusCodes.Status500InternalServerError, StatusCode.Internal, DaprError.StateSave, string.Empty, null, null)
    {
    }

    public StateApiException(string message)
        : this(StatusCodes.Status500InternalServerError, StatusCode.Internal, DaprError.StateSave, message, null, null)
    {
    }

    public StateApiException(string message, Exception inner)
        : base(message, inner)
    {
        HttpStatus = StatusCodes.Status500InternalServerError;
        GrpcCode = StatusCode.Internal;
        ErrorCode = DaprError.StateSave;
    }

    public int HttpStatus { get; }

    public StatusCode GrpcCode { get; }

    public string ErrorCode { get; }

    /// <summary>The ErrorInfo reason (e.g. <c>DAPR_STATE_NOT_FOUND</c>) of daprd's structured errors; null for legacy ones.</summary>
    public string? Reason { get; }

    public IReadOnlyDictionary<string, string>? ReasonMetadata { get; }

    // HTTP passes {"appID": …} as ErrorInfo metadata; gRPC (universal.GetStateStore) passes none.
    public static StateApiException NotConfigured(string store, string? appId) =>
        new(StatusCodes.Status500InternalServerError, StatusCode.FailedPrecondition, DaprError.StateStoresNotConfigured,
            $"state store {store} is not configured", "DAPR_STATE_NOT_CONFIGURED", AppIdMetadata(appId));

    public static StateApiException NotFound(string store, string? appId) =>
        new(StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, DaprError.StateStoreNotFound,
            $"state store {store} is not found", "DAPR_STATE_NOT_FOUND", AppIdMetadata(appId));

    /// <summary>A key (or keyPrefix) containing <c>||</c>. daprd's gRPC API returns the bare error, hence Unknown there.</summary>
    public static StateApiException IllegalKey(string key) =>
        new(StatusCodes.Status400BadRequest, StatusCode.Unknown, DaprError.MalformedRequest,
            $"input key/keyPrefix '{key}' can't contain '||'", "DAPR_STATE_ILLEGAL_KEY", null);

    /// <summary>A body that does not deserialize, with daprd's "failed deserializing HTTP body" wording.</summary>
    public static StateApiException MalformedBody(string detail) =>
        new(StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, DaprError.MalformedRequest, $"failed deserializing HTTP body: {detail}", null, null);

    /// <summary>A body daprd rejects with the bare deserializer message (POST /state) or its own text.</summary>
    public static StateApiException Malformed(string message) =>
        new(StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, DaprError.MalformedRequest, message, null, null);

    public static StateApiException EmptyKey() =>
        new(StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, DaprError.MalformedRequest, "state key cannot be empty", null, null);

    public static StateApiException UnsupportedOperation(string operation) =>
        new(StatusCodes.Status400BadRequest, StatusCode.Unimplemented, "ERR_NOT_SUPPORTED_STATE_OPERATION", $"operation type {operation} not supported", null, null);

    public static StateApiException Get(string key, string store, Exception e) =>
        new(StatusCodes.Status500InternalServerError, StatusCode.Internal, DaprError.StateGet, $"fail to get {key} from state store {store}: {e.Message}", null, null);

    public static StateApiException BulkGet(Exception e) =>
        new(StatusCodes.Status500InternalServerError, StatusCode.Internal, "ERR_STATE_BULK_GET", e.Message, null, null);

    // An ETag mismatch is 409 / Aborted (the SDK's TrySaveStateAsync and TryDeleteStateAsync turn Aborted into false).
    public static StateApiException Save(string store, Exception e) =>
        Write(DaprError.StateSave, $"failed saving state in state store {store}: {e.Message}", e);

    public static StateApiException Delete(string key, Exception e) =>
        Write(DaprError.StateDelete, $"failed deleting state with key {key}: {e.Message}", e);

    public static StateApiException DeleteBulk(string store, Exception e) =>
        Write(DaprError.StateDelete, $"failed deleting state in state store {store}: {e.Message}", e);

    // Transactions report every failure, ETag mismatches included, as 500 / Internal.
    public static StateApiException Transaction(Exception e) =>
        new(StatusCodes.Status500InternalServerError, StatusCode.Internal, DaprError.StateTransaction, $"error while executing state transaction: {e.Message}", null, null);

    /// <summary>apierrors.StateStore(name).TooManyTransactionalOps: 400 / InvalidArgument, with both counts in the ErrorInfo.</summary>
    public static StateApiException TooManyTransactionalOps(int count, int max) =>
        new(StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, "ERR_STATE_STORE_TOO_MANY_TRANSACTIONS",
            $"the transaction contains {count} operations, which is more than what the state store supports: {max}", "DAPR_STATE_TOO_MANY_TRANSACTIONS",
            new Dictionary<string, string>
            {
                ["currentOpsTransaction"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["maxOpsPerTransaction"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    public IResult ToHttp()
    {
        var body = new JsonObject { ["errorCode"] = ErrorCode, ["message"] = Message };
        if (Reason is not null)
        {
            var metadata = new JsonObject();
            foreach (var (k, v) in ReasonMetadata ?? new Dictionary<string, string>())
            {
                metadata[k] = v;
            }

            body["details"] = new JsonArray(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
                ["reason"] = Reason,
                ["domain"] = "dapr.io",
                ["metadata"] = metadata,
            });
        }

        return Results.Json(body, statusCode: HttpStatus);
    }

    public RpcException ToRpc() => new(new Status(GrpcCode, Message));

    private static StateApiException Write(string errorCode, string message, Exception e) => e is StateETagMismatchException
        ? new(StatusCodes.Status409Conflict, StatusCode.Aborted, errorCode, message, null, null)
        : new(StatusCodes.Status500InternalServerError, StatusCode.Internal, errorCode, message, null, null);

    private static Dictionary<string, string>? AppIdMetadata(string? appId) =>
        appId is null ? null : new Dictionary<string, string> { ["appID"] = appId };
}
