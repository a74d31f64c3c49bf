using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// The whole system, with the gateway's own origin (<c>http://127.0.0.1:port</c>, where it serves the widget) added to
/// tenant acme's Origin allowlist, as a tenant embedding the widget page would configure it. <c>http://localhost:port</c>
/// reaches the same server but is a different origin, and stays off the list.
/// </summary>
public class WidgetGatewaySystem : GatewaySystem
{
    public string AllowedOrigin => GatewayHttp.GetLeftPart(UriPartial.Authority);

    public string ForeignOrigin => $"http://localhost:{GatewayHttp.Port}";

    protected override void ConfigureGateway(IWebHostBuilder builder) =>
        builder.UseSetting($"Tenants:{TestTenants.Acme}:AllowedOrigins:1", AllowedOrigin);
}
