using System.Net;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// A service's real Program on a real Kestrel port (the one its emulator sidecar was told about), with the sidecar's
/// endpoints and app id given as settings, exactly as daprd would give them as environment variables.
/// </summary>
public sealed class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly Sidecar _sidecar;
    private readonly Action<IWebHostBuilder> _configure;

    public ServiceFactory(Sidecar sidecar, int port, Action<IWebHostBuilder>? configure = null)
    {
        _sidecar = sidecar;
        _configure = configure ?? (_ => { });
        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production")
            .UseSetting("DAPR_HTTP_ENDPOINT", _sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"])
            .UseSetting("DAPR_GRPC_ENDPOINT", _sidecar.AppEnvironment["DAPR_GRPC_ENDPOINT"])
            .UseSetting("APP_ID", _sidecar.AppId)
            .UseSetting(ApiTokens.DaprApiTokenVariable, _sidecar.Options.DaprApiToken)
            .UseSetting(ApiTokens.AppApiTokenVariable, _sidecar.Options.AppApiToken)
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty)
            .UseSetting("Logging:LogLevel:Default", "Warning");
        _configure(builder);
    }
}
