using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// The widget system with acme's first-response threshold at <see cref="FirstResponseSeconds"/> s, so the console tests
/// see a first-response breach within the test (an agent that accepts and does not answer).
/// </summary>
public sealed class ConsoleGatewaySystem : WidgetGatewaySystem
{
    public const int FirstResponseSeconds = 2;

    protected override void ConfigureSessions(IWebHostBuilder builder) =>
        builder.UseSetting(
            $"Routing:Tenants:{TestTenants.Acme}:Defaults:FirstResponseSeconds", FirstResponseSeconds.ToString(
                System.Globalization.CultureInfo.InvariantCulture));
}
