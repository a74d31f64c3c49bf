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
    public const string SigningKeyId = "test-1";

    /// <summary>The gateway's signing key in these tests (base64 of 32 bytes; never a real secret).</summary>
    public const string SigningKey = "Z2F0ZXdheS10ZXN0cy1zaWduaW5nLWtleS0wMTIzNDU=";

    /// <summary>Acme's identity secret: its backend signs verified visitors with it.</summary>
    public const string AcmeIdentitySecret = "acme-identity-secret-0123456789abcdef";

    /// <summary>Acme's channel key for non-browser clients; the tenant's configuration holds only its SHA-256.</summary>
    public const string AcmeChannelKey = "acme-mobile-channel-key";

    /// <summary>Token options signing with <see cref="SigningKey"/>, for tests that mint tokens outside a gateway.</summary>
    public static DaprSupport.Tenancy.TokenOptions TokenOptions() =>
        new() { SigningKeys = { new DaprSupport.Tenancy.SigningKeyOptions { Id = SigningKeyId, Key = SigningKey } } };

    /// <summary>The text of acme's canned reply <c>/hello</c> (its seed has <c>hello</c> and <c>bye</c>).</summary>
    public const string CannedHello = "Hello! How can I help you today?";

    /// <summary>An acme skill group visitors may not choose.</summary>
    public const string InternalSkill = "escalations";

    /// <summary>An acme public skill group whose sessions get priority 3 by configuration.</summary>
    public const string PrioritySkill = "priority-line";

    public static IWebHostBuilder UseTestTenants(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .UseSetting("Tokens:SigningKeys:0:Id", SigningKeyId)
            .UseSetting("Tokens:SigningKeys:0:Key", SigningKey)
            .UseSetting("AuthLimits:PerIpPermits", "100000")
            .UseSetting("AuthLimits:PerTenantPermits", "100000")
            .UseSetting($"Tenants:{Acme}:IdentitySecrets:0", AcmeIdentitySecret)
            .UseSetting($"Tenants:{Acme}:ChannelKeyHashes:0",
                Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AcmeChannelKey))))
            .UseSetting($"Tenants:{Acme}:ApiKeys:0", AcmeKey)
            .UseSetting($"Tenants:{Acme}:AllowedOrigins:0", AcmeOrigin)
            .UseSetting($"Tenants:{Acme}:BlockedUsers:0", BlockedAgent)
            .UseSetting($"Tenants:{Acme}:BlockedUsers:1", BlockedVisitor)
            .UseSetting($"Tenants:{Globex}:ApiKeys:0", GlobexKey)
            .UseSetting($"Tenants:{Globex}:AllowedOrigins:0", "https://globex.test")
            .UseSetting($"Tenants:{Acme}:CannedReplies:0:Shortcut", "hello")
            .UseSetting($"Tenants:{Acme}:CannedReplies:0:Text", CannedHello)
            .UseSetting($"Tenants:{Acme}:CannedReplies:1:Shortcut", "bye")
            .UseSetting($"Tenants:{Acme}:CannedReplies:1:Text", "Thanks for chatting with us. Goodbye!")
            .UseSetting($"Tenants:{Acme}:SkillGroups:{InternalSkill}:Public", "false")
            .UseSetting($"Tenants:{Acme}:SkillGroups:{PrioritySkill}:Public", "true")
            .UseSetting($"Tenants:{Acme}:SkillGroups:{PrioritySkill}:Priority", "3")
            .ConfigureAppConfiguration(config => config.AddTestSkills());
    }
}
