using DaprSupport.DaprEmulator.Engine;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>
/// daprd's gRPC server metrics (dapr/dapr v1.17.0 <c>pkg/diagnostics/grpc_monitoring.go</c>): each completed RPC
/// counts once under its full method name and Go's name of its status code. Registered after
/// <see cref="Grpc.ApiTokenInterceptor"/>, as daprd chains it after the token check (<c>pkg/api/grpc/server.go</c>
/// <c>getMiddlewareOptions</c>), so a call refused for its token is not counted.
/// </summary>
public sealed class GrpcMetricsInterceptor(Sidecar sidecar) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return CountAsync(context, () => continuation(request, context));
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return CountAsync(context, async () => { await continuation(request, responseStream, context); return true; });
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return CountAsync(context, () => continuation(requestStream, context));
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return CountAsync(context, async () => { await continuation(requestStream, responseStream, context); return true; });
    }

    private async Task<T> CountAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var result = await call();
            sidecar.Metrics.GrpcServerRpc(context.Method, context.Status.StatusCode);
            return result;
        }
        catch (RpcException ex)
        {
            sidecar.Metrics.GrpcServerRpc(context.Method, ex.StatusCode);
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            sidecar.Metrics.GrpcServerRpc(context.Method, StatusCode.Cancelled);
            throw;
        }
        catch (Exception)
        {
            sidecar.Metrics.GrpcServerRpc(context.Method, StatusCode.Unknown);
            throw;
        }
    }
}
