using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

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

    /// <summary>An acme skill group visitors may not choose.</summary>
    public const string InternalSkill = "escalations";

    /// <summary>An acme public skill group whose sessions get priority 3 by configuration.</summary>
    public const string PrioritySkill = "priority-line";

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
            .UseSetting($"Tenants:{Globex}:AllowedOrigins:0", "https://globex.test")
            .UseSetting($"Tenants:{Acme}:SkillGroups:{InternalSkill}:Public", "false")
            .UseSetting($"Tenants:{Acme}:SkillGroups:{PrioritySkill}:Public", "true")
            .UseSetting($"Tenants:{Acme}:SkillGroups:{PrioritySkill}:Priority", "3")
            .ConfigureAppConfiguration(config => config.AddTestSkills());
    }
}
