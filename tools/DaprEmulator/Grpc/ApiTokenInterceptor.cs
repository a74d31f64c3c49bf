using DaprSupport.DaprEmulator.Engine;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DaprSupport.DaprEmulator.Grpc;

/// <summary>
/// daprd's gRPC API token check (dapr/dapr pkg/api/grpc/auth.go), active when the sidecar has a
/// <c>DAPR_API_TOKEN</c>: the first <c>dapr-api-token</c> metadata value must equal it, or the call fails with
/// UNAUTHENTICATED and the message "Unauthorized" (the HTTP status text daprd puts in the status). No method is exempt.
/// </summary>
public sealed class ApiTokenInterceptor(Sidecar sidecar) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (sidecar.Options.DaprApiToken is not { Length: > 0 } token)
        {
            return;
        }

        var presented = context.RequestHeaders.Get(ApiTokens.Header);
        if (presented is null || !string.Equals(presented.Value, token, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Unauthorized"));
        }
    }
}
