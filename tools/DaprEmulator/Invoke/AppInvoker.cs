using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Resiliency;
using DaprSupport.DaprEmulator.Tracing;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Polly.Timeout;

namespace DaprSupport.DaprEmulator.Invoke;

/// <summary>A call to a method of another app, as the caller's sidecar receives it.</summary>
internal sealed record AppRequest(string Verb, string Method, string QueryString, IReadOnlyList<KeyValuePair<string, string[]>> Headers, byte[] Body, string? ContentType);

/// <summary>The target app's answer, buffered.</summary>
internal sealed record AppResponse(int Status, IReadOnlyList<KeyValuePair<string, string[]>> Headers, byte[] Body, string? ContentType);

/// <summary>An invocation daprd could not complete (ERR_DIRECT_INVOKE and friends).</summary>
internal sealed class InvokeFailedException(DaprError error, int httpStatus, StatusCode grpcCode) : Exception(error.Message)
{
    public DaprError Error { get; } = error;

    public int HttpStatus { get; } = httpStatus;

    public StatusCode GrpcCode { get; } = grpcCode;
}

/// <summary>
/// Service invocation (reference/api/service_invocation_api): the call goes to the target app's channel with its verb,
/// path, query string, headers and body, under the caller's resiliency policy for the target app, with the trace
/// continued in <c>traceparent</c>. As daprd's directmessaging.go, an answer outside 200–399 is an error to the policy
/// (the endpoint's circuit breaker counts it) and is retried, with the request replayed, unless the retry's
/// <c>matching</c> excludes its status; the last answer is returned as it is when retries run out. Timeouts and
/// transport errors are always retried.
/// </summary>
internal static class AppInvoker
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "Proxy-Authenticate",
        "Content-Length", "Content-Type", "dapr-app-id", TraceContext.TraceParentHeader, TraceContext.TraceStateHeader,
    };

    public static async Task<AppResponse> InvokeAsync(Sidecar caller, string targetAppId, AppRequest request, TraceContext trace, CancellationToken cancellationToken)
    {
        // "app.namespace" names the app in its namespace; the emulator has one namespace.
        var dot = targetAppId.IndexOf('.', StringComparison.Ordinal);
        var id = dot < 0 ? targetAppId : targetAppId[..dot];
        var target = caller.Host.ResolveSidecar(id) ?? throw Failed(id, $"couldn't find service: {id}");
        var channel = target.App ?? throw Failed(id, "app channel is not initialized");
        var policy = caller.Host.Resiliency.ForAppEndpoint(caller.AppId, id, request.Method.TrimStart('/'));

        // The callee's access control, checked on every attempt as daprd's callee does (a denial is retried like any error).
        var denial = caller.Host.AccessControl?.Denial(caller.AppId, caller.Host.Options.Namespace, request.Verb, request.Method);
        async Task<AppResponse> Attempt(CancellationToken ct) =>
            denial is not null ? throw Denied(id, denial)
            : target.Options.EnableAppHealthCheck && !target.IsAppHealthy ? throw Unhealthy(id)
            : await SendAsync(channel, caller.AppId, id, request, trace, ct);
        try
        {
            return policy.IsEmpty
                ? await Attempt(cancellationToken)
                : await policy.ExecuteAsync(
                    Attempt,
                    static r => r.Status is < 200 or > 399,
                    cancellationToken,
                    r => policy.Retry?.NeedsRetry(r.Status) ?? false);
        }
        catch (TimeoutRejectedException)
        {
            throw Failed(id, "context deadline exceeded", StatusCode.DeadlineExceeded);
        }
        catch (CircuitOpenException ex)
        {
            throw Failed(id, ex.Message, StatusCode.Unavailable);
        }
        catch (HttpRequestException ex)
        {
            throw Failed(id, ex.Message, StatusCode.Unavailable);
        }
    }

    private static async Task<AppResponse> SendAsync(AppChannel channel, string callerId, string calleeId, AppRequest request, TraceContext trace, CancellationToken cancellationToken)
    {
        var path = "/" + request.Method.TrimStart('/') + request.QueryString;
        using var message = new HttpRequestMessage(HttpMethod.Parse(request.Verb), new Uri(path, UriKind.Relative));
        if (request.Body.Length > 0 || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is { } type)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!HopByHop.Contains(name) && !message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }

        message.Headers.TryAddWithoutValidation("dapr-caller-app-id", callerId);
        message.Headers.TryAddWithoutValidation("dapr-callee-app-id", calleeId);
        message.Headers.TryAddWithoutValidation(TraceContext.TraceParentHeader, trace.TraceParent);
        if (trace.TraceState is { Length: > 0 } state)
        {
            message.Headers.TryAddWithoutValidation(TraceContext.TraceStateHeader, state);
        }

        using var response = await channel.Http.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new List<KeyValuePair<string, string[]>>();
        CopyHeaders(response.Headers, headers);
        CopyHeaders(response.Content.Headers, headers);
        return new AppResponse((int)response.StatusCode, headers, body, response.Content.Headers.ContentType?.ToString());
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, List<KeyValuePair<string, string[]>> to)
    {
        foreach (var (name, values) in from.NonValidated)
        {
            if (!HopByHop.Contains(name))
            {
                var copy = new string[values.Count];
                var i = 0;
                foreach (var value in values)
                {
                    copy[i++] = value;
                }

                to.Add(KeyValuePair.Create(name, copy));
            }
        }
    }

    /// <summary>daprd's caller wraps the callee's PermissionDenied: 403 over HTTP, Internal (ERR_DIRECT_INVOKE) over gRPC.</summary>
    private static InvokeFailedException Denied(string appId, string denial) =>
        new(new DaprError(DaprError.DirectInvoke, $"failed to invoke, id: {appId}, err: rpc error: code = PermissionDenied desc = {denial}"), StatusCodes.Status403Forbidden, StatusCode.Internal);

    /// <summary>The callee's HTTP channel refuses calls while its app is unhealthy (pkg/channel/http/http_channel.go).</summary>
    private static InvokeFailedException Unhealthy(string appId) =>
        Failed(appId, "rpc error: code = Internal desc = app is not in a healthy state");

    private static InvokeFailedException Failed(string appId, string error, StatusCode code = StatusCode.Internal) =>
        new(new DaprError(DaprError.DirectInvoke, $"failed to invoke, id: {appId}, err: {error}"), StatusCodes.Status500InternalServerError, code);
}
