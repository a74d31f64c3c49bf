using DaprSupport.DaprEmulator.Locks;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.DaprEmulator.Grpc;

// The distributed lock API over gRPC (reference/api/distributed_lock_api): TryLockAlpha1 and UnlockAlpha1. As in
// daprd, an unlock refused before reaching the store answers the error (its INTERNAL_ERROR status is not sent).
public partial class DaprGrpcService
{
    private static readonly Method<Autogen.TryLockRequest, Autogen.TryLockResponse> TryLockAlpha1Method =
        DaprMethods.Unary<Autogen.TryLockRequest, Autogen.TryLockResponse>("TryLockAlpha1");

    private static readonly Method<Autogen.UnlockRequest, Autogen.UnlockResponse> UnlockAlpha1Method =
        DaprMethods.Unary<Autogen.UnlockRequest, Autogen.UnlockResponse>("UnlockAlpha1");

    public virtual Task<Autogen.TryLockResponse> TryLockAlpha1(Autogen.TryLockRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return Task.FromResult(new Autogen.TryLockResponse
            {
                Success = LockOperations.TryLock(Host, Sidecar, request.StoreName, request.ResourceId, request.LockOwner, request.ExpiryInSeconds),
            });
        }
        catch (LockApiException e)
        {
            throw e.ToRpc();
        }
    }

    public virtual Task<Autogen.UnlockResponse> UnlockAlpha1(Autogen.UnlockRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var status = LockOperations.Unlock(Host, Sidecar, request.StoreName, request.ResourceId, request.LockOwner);
            return Task.FromResult(new Autogen.UnlockResponse { Status = (Autogen.UnlockResponse.Types.Status)(int)status });
        }
        catch (LockApiException e)
        {
            throw e.ToRpc();
        }
    }

    static partial void BindLock(ServiceBinderBase binder, DaprGrpcService? service)
    {
        binder.AddMethod(TryLockAlpha1Method, service is null ? null : service.TryLockAlpha1);
        binder.AddMethod(UnlockAlpha1Method, service is null ? null : service.UnlockAlpha1);
    }
}
