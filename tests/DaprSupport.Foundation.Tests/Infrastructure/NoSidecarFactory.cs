using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DaprSupport.Foundation.Tests.Infrastructure;

/// <summary>
/// Starts a service in memory with no Dapr sidecar: the Dapr HTTP and gRPC endpoints the SDK reads from configuration
/// point at a closed loopback port, so any call that needs the sidecar fails fast instead of reaching a stray daprd.
/// The service expects <see cref="AppToken"/> as its APP_API_TOKEN; <c>CreateClient</c> presents it, as daprd would,
/// and <see cref="CreateAnonymousClient"/> does not.
/// </summary>
/// <typeparam name="TEntryPoint">Any public type of the service's assembly (every service has a top-level Program).</typeparam>
public sealed class NoSidecarFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly ClosedPort _sidecarPort = new();

    public NoSidecarFactory()
    {
        SidecarAddress = new Uri($"http://127.0.0.1:{_sidecarPort.Port}");
    }

    /// <summary>Where the service's Dapr client was told the sidecar is (nothing listens there).</summary>
    public Uri SidecarAddress { get; }

    /// <summary>The app API token the service expects from its sidecar.</summary>
    public string AppToken { get; } = "no-sidecar-app-token-" + Guid.NewGuid().ToString("N");

    /// <summary>A client that presents no app API token: any caller other than the sidecar.</summary>
    public HttpClient CreateAnonymousClient() => Server.CreateClient();

    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("dapr-api-token", AppToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var address = SidecarAddress.ToString().TrimEnd('/');
        builder.UseSetting("DAPR_HTTP_ENDPOINT", address);
        builder.UseSetting("DAPR_GRPC_ENDPOINT", address);
        builder.UseSetting("DAPR_HTTP_PORT", SidecarAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("DAPR_GRPC_PORT", SidecarAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty);
        builder.UseSetting("APP_API_TOKEN", AppToken);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _sidecarPort.Dispose();
        }
    }
}
