using Microsoft.Extensions.Configuration;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// The sidecar's endpoints from configuration — the variables daprd and <c>dapr run</c> set
/// (<c>DAPR_HTTP_ENDPOINT</c>, <c>DAPR_HTTP_PORT</c>, <c>DAPR_GRPC_ENDPOINT</c>, <c>DAPR_GRPC_PORT</c>) arrive through
/// environment configuration, and tests can give them as settings. Null means "the SDK's default"
/// (localhost:3500 / 50001).
/// </summary>
public static class DaprEndpoints
{
    public static string? Http(IConfiguration configuration) =>
        Endpoint(configuration, "DAPR_HTTP_ENDPOINT", "DAPR_HTTP_PORT");

    public static string? Grpc(IConfiguration configuration) =>
        Endpoint(configuration, "DAPR_GRPC_ENDPOINT", "DAPR_GRPC_PORT");

    private static string? Endpoint(IConfiguration configuration, string endpointKey, string portKey)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[endpointKey] is { Length: > 0 } endpoint)
        {
            return endpoint;
        }

        return int.TryParse(configuration[portKey], out var port) && port > 0 ? $"http://127.0.0.1:{port}" : null;
    }
}
