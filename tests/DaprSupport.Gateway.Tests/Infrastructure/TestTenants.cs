using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>The tenants every gateway under test knows: two ordinary ones for isolation, with one blocked user each.</summary>
public static class TestTenants
{
    public const string Acme = "acme";
    public const string Globex = "globex";
    public const string AcmeKey = "acme-key-1";
    public const string GlobexKey = "globex-key-1";
    public const string AcmeOrigin = "https://www.acme.test";
    public const string BlockedAgent = "blocked-agent";
    public const string BlockedVisitor = "v_0000000000000000000000000000dead";
    public const string SigningKey = "gateway-tests-signing-key-0123456789abcdef";

    public static IWebHostBuilder UseTestTenants(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .UseSetting("Tokens:SigningKey", SigningKey)
            .UseSetting($"Tenants:{Acme}:ApiKeys:0", AcmeKey)
            .UseSetting($"Tenants:{Acme}:AllowedOrigins:0", AcmeOrigin)
            .UseSetting($"Tenants:{Acme}:BlockedUsers:0", BlockedAgent)
            .UseSetting($"Tenants:{Acme}:BlockedUsers:1", BlockedVisitor)
            .UseSetting($"Tenants:{Globex}:ApiKeys:0", GlobexKey)
            .UseSetting($"Tenants:{Globex}:AllowedOrigins:0", "https://globex.test");
    }
}
