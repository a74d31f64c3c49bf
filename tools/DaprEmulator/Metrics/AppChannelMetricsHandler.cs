using System.Net;

namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>
/// Counts each call on the app channel as daprd's HTTP channel does (dapr/dapr v1.17.0
/// <c>pkg/channel/http/http_channel.go</c> <c>invokeMethodV1</c>): once when it completes, under the method, the
/// called path's metric label and the app's status, or 500 when the app could not be reached. Health probes are not
/// app-channel calls here (daprd counts them apart, under <c>healthprobes</c>).
/// </summary>
internal sealed class AppChannelMetricsHandler(SidecarMetrics metrics, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString ?? "/";
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            metrics.AppChannelCall(request.Method.Method, path, (int)HttpStatusCode.InternalServerError);
            throw;
        }

        metrics.AppChannelCall(request.Method.Method, path, (int)response.StatusCode);
        return response;
    }
}
