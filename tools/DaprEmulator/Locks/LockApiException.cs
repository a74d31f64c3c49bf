using DaprSupport.DaprEmulator.Api;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.DaprEmulator.Locks;

/// <summary>
/// A refusal of the lock API with daprd's tag, message, HTTP status and gRPC code (dapr pkg/api/errors/lock.go).
/// daprd's quirk kept: an unknown store is HTTP 404 but gRPC INVALID_ARGUMENT.
/// </summary>
public sealed class LockApiException(string errorCode, string message, int httpStatus, StatusCode grpcCode) : Exception(message)
{
    public DaprError Error { get; } = new(errorCode, message);

    public int HttpStatus { get; } = httpStatus;

    public StatusCode GrpcCode { get; } = grpcCode;

    public IResult ToHttp() => Error.ToHttp(HttpStatus);

    public RpcException ToRpc() => Error.ToRpc(GrpcCode);

    public static LockApiException ExpiryNotPositive() =>
        new("ERR_EXPIRY_NOT_POSITIVE", "expiry in seconds is not positive", StatusCodes.Status400BadRequest, StatusCode.InvalidArgument);

    public static LockApiException NotConfigured(string store) =>
        new("ERR_LOCK_NOT_CONFIGURED", $"lock store {store} is not configured", StatusCodes.Status500InternalServerError, StatusCode.FailedPrecondition);

    public static LockApiException ResourceIdEmpty() =>
        new("ERR_RESOURCE_ID_EMPTY", "lock resource id is empty", StatusCodes.Status400BadRequest, StatusCode.InvalidArgument);

    public static LockApiException OwnerEmpty() =>
        new("ERR_OWNER_EMPTY", "lock owner is empty", StatusCodes.Status400BadRequest, StatusCode.InvalidArgument);

    public static LockApiException NotFound(string store) =>
        new("ERR_LOCK_NOT_FOUND", $"lock store {store} is not found", StatusCodes.Status404NotFound, StatusCode.InvalidArgument);

    public static LockApiException TryLockFailed() =>
        new("ERR_TRY_LOCK", "failed to try acquiring lock", StatusCodes.Status500InternalServerError, StatusCode.Internal);

    public static LockApiException UnlockFailed() =>
        new("ERR_UNLOCK", "failed to release lock", StatusCodes.Status500InternalServerError, StatusCode.Internal);
}
