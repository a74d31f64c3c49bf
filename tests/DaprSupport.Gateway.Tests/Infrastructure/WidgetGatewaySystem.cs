using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// The whole system, with the gateway's own origin (<c>http://127.0.0.1:port</c>, where it serves the widget) added to
/// tenant acme's Origin allowlist, as a tenant embedding the widget page would configure it. <c>http://localhost:port</c>
/// reaches the same server but is a different origin, and stays off the list. <see cref="ShopOrigin"/> is a host page
/// of acme's that embeds the widget with the launcher (<c>/widget.js</c>); the gateway verifies configuration
/// versions signed with <see cref="ConfigKey"/>, so a test can give a tenant a runtime configuration.
/// </summary>
public class WidgetGatewaySystem : GatewaySystem
{
    public const string ShopOrigin = "http://shop.example";
    public const string ConfigKeyId = "widget-tests";
    public const string ConfigKey = "widget-tests-configuration-signing-key-0123456789";

    public string AllowedOrigin => GatewayHttp.GetLeftPart(UriPartial.Authority);

    public string ForeignOrigin => $"http://localhost:{GatewayHttp.Port}";

    protected override void ConfigureGateway(IWebHostBuilder builder) =>
        builder.UseSetting($"Tenants:{TestTenants.Acme}:AllowedOrigins:1", AllowedOrigin)
            .UseSetting($"Tenants:{TestTenants.Acme}:AllowedOrigins:2", ShopOrigin)
            .UseSetting("TenantConfig:Signing:CurrentKeyId", ConfigKeyId)
            .UseSetting($"TenantConfig:Signing:Keys:{ConfigKeyId}", ConfigKey);
}
