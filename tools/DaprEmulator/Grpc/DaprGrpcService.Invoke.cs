using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Invoke;
using DaprSupport.DaprEmulator.Tracing;
using Google.Protobuf;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.DaprEmulator.Grpc;

// Service invocation over gRPC (reference/api/service_invocation_api): InvokeService into an HTTP app. The
// HttpExtension gives verb and query string (POST when absent), data is the body; a non-2xx answer becomes the gRPC
// status daprd maps it to, with the HTTP status text as the message.
public partial class DaprGrpcService
{
    private static readonly Method<Autogen.InvokeServiceRequest, Autogen.InvokeResponse> InvokeServiceMethod =
        DaprMethods.Unary<Autogen.InvokeServiceRequest, Autogen.InvokeResponse>("InvokeService");

    public virtual async Task<Autogen.InvokeResponse> InvokeService(Autogen.InvokeServiceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var message = request.Message ?? new Autogen.InvokeRequest();
        var verb = message.HttpExtension is { } ext && ext.Verb != Autogen.HTTPExtension.Types.Verb.None ? ext.Verb.ToString().ToUpperInvariant() : "POST";
        var query = message.HttpExtension?.Querystring is { Length: > 0 } q ? "?" + q.TrimStart('?') : string.Empty;
        var headers = context.RequestHeaders
            .Where(h => !h.IsBinary && !h.Key.StartsWith(':') && !h.Key.StartsWith("grpc-", StringComparison.Ordinal) && h.Key is not ("content-type" or "te" or "user-agent" or ApiTokens.Header))
            .Select(h => KeyValuePair.Create(h.Key, new[] { h.Value }))
            .ToList();
        var appRequest = new AppRequest(verb, message.Method, query, headers, message.Data?.Value.ToByteArray() ?? [],
            string.IsNullOrEmpty(message.ContentType) ? null : message.ContentType);
        var trace = TraceOf(context);
        AppResponse response;
        try
        {
            response = await AppInvoker.InvokeAsync(Sidecar, request.Id, appRequest, trace, context.CancellationToken);
        }
        catch (InvokeFailedException ex)
        {
            throw ex.Error.ToRpc(ex.GrpcCode);
        }

        if (response.Status is < 200 or > 299)
        {
            throw new RpcException(new Status(GrpcCodeOf(response.Status), ReasonPhrase(response.Status)));
        }

        return new Autogen.InvokeResponse
        {
            Data = new Google.Protobuf.WellKnownTypes.Any { Value = ByteString.CopyFrom(response.Body) },
            ContentType = response.ContentType ?? string.Empty,
        };
    }

    /// <summary>The gRPC code daprd reports for an HTTP status (google.rpc mapping).</summary>
    private static StatusCode GrpcCodeOf(int status) => status switch
    {
        400 => StatusCode.InvalidArgument,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.NotFound,
        409 => StatusCode.Aborted,
        416 => StatusCode.OutOfRange,
        429 => StatusCode.ResourceExhausted,
        499 => StatusCode.Cancelled,
        501 => StatusCode.Unimplemented,
        503 => StatusCode.Unavailable,
        504 => StatusCode.DeadlineExceeded,
        >= 500 => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static partial void BindInvoke(ServiceBinderBase binder, DaprGrpcService? service) =>
        binder.AddMethod(InvokeServiceMethod, service is null ? null : service.InvokeService);
}
