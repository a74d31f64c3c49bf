using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>The gateway in memory with the test tenants and no sidecar: for its HTTP-only routes.</summary>
public sealed class InMemoryGatewayFactory : WebApplicationFactory<GatewayService>
{
    /// <summary>The app API token this gateway expects from its (absent) sidecar.</summary>
    public const string AppToken = "in-memory-gateway-app-token";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production").UseTestTenants()
            .UseSetting("DAPR_HTTP_ENDPOINT", "http://127.0.0.1:1")
            .UseSetting("DAPR_GRPC_ENDPOINT", "http://127.0.0.1:1")
            .UseSetting("APP_API_TOKEN", AppToken)
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty);
    }
}
