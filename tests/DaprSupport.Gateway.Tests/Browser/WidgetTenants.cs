using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Signing;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Browser;

/// <summary>Tenants of the widget tests with a runtime configuration (pre-chat fields, offline message) on the gateway.</summary>
internal static class WidgetTenants
{
    /// <summary>
    /// A new tenant whose widget origins are the gateway's own and <see cref="WidgetGatewaySystem.ShopOrigin"/>: a
    /// signed version 1 applied to the gateway's configuration cache, as a change event would apply it.
    /// </summary>
    public static string NewTenant(this WidgetGatewaySystem system, WidgetSettings widget, string? offlineMessage = null)
    {
        var tenant = "shop-" + Guid.NewGuid().ToString("N")[..10];
        var document = new TenantConfigDocument
        {
            Tenant = new TenantSection { DisplayName = "Shop", WidgetOrigins = [system.AllowedOrigin, WidgetGatewaySystem.ShopOrigin] },
            SkillGroups = [new SkillGroup { Name = "general" }],
            BusinessHours = offlineMessage is null ? null : new BusinessHours { OfflineMessage = offlineMessage },
            WidgetTexts = new() { ["launcher"] = "Chat with us" },
            Widget = widget,
        };
        var services = system.GatewayServices;
        var signed = services.GetRequiredService<TenantConfigSigner>()
            .Sign(tenant, 1, ConfigDocuments.ToJson(document), DateTimeOffset.UtcNow, "widget-tests");
        Assert.True(services.GetRequiredService<TenantConfigCache>().TryApply(signed, "test"), "the configuration was not applied");
        return tenant;
    }

    /// <summary>Pre-chat fields: a required name and an optional email.</summary>
    public static WidgetSettings NameAndEmail() => new()
    {
        PreChatFields =
        [
            new PreChatField { Name = "name", Label = "Your name", Required = true },
            new PreChatField { Name = "email", Label = "Email", Type = PreChatFieldType.Email },
        ],
    };
}
