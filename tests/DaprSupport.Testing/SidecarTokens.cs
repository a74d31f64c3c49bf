using System.Security.Cryptography;
using DaprSupport.DaprEmulator.Engine;
using Grpc.Core;
using Grpc.Net.Client;

namespace DaprSupport.Testing;

/// <summary>Per-sidecar random API tokens, as a deployment gives each app its own, and clients that present them.</summary>
public static class SidecarTokens
{
    /// <summary>The options with a fresh DAPR_API_TOKEN and APP_API_TOKEN.</summary>
    public static SidecarOptions WithTokens(this SidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { DaprApiToken = NewToken(), AppApiToken = NewToken() };
    }

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A client on the sidecar's HTTP API that sends the app's DAPR_API_TOKEN (when it has one).</summary>
    public static HttpClient HttpClient(Sidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var client = new HttpClient { BaseAddress = new Uri(sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"]) };
        if (sidecar.Options.DaprApiToken is { } token)
        {
            client.DefaultRequestHeaders.Add(ApiTokens.Header, token);
        }

        return client;
    }

    /// <summary>A raw gRPC channel on the sidecar's gRPC API whose calls carry the app's DAPR_API_TOKEN.</summary>
    public static GrpcChannel GrpcChannel(Sidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var token = sidecar.Options.DaprApiToken;
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            if (token is not null)
            {
                metadata.Add(ApiTokens.Header, token);
            }

            return Task.CompletedTask;
        });
        return Grpc.Net.Client.GrpcChannel.ForAddress(sidecar.AppEnvironment["DAPR_GRPC_ENDPOINT"], new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
    }
}
