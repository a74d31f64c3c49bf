using Microsoft.Extensions.Configuration;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// Acme's public skill groups for tests: each <see cref="New"/> adds one to a configuration provider every gateway under
/// test shares, and reloads it (the tenant directory's options monitor sees it at once), so each test can use a skill
/// group of its own without configuring thousands up front (binding those made every gateway start seconds slower).
/// </summary>
public static class TestSkills
{
    private static readonly SharedProvider Provider = new();

    public static IConfigurationBuilder AddTestSkills(this IConfigurationBuilder builder) => builder.Add(new Source());

    /// <summary>A new public skill group of acme, configured on every gateway under test.</summary>
    public static string New()
    {
        var skill = "skill-" + Guid.NewGuid().ToString("N")[..10];
        Provider.Add($"Tenants:{TestTenants.Acme}:SkillGroups:{skill}:Public", "true");
        return skill;
    }

    private sealed class Source : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
    }

    private sealed class SharedProvider : ConfigurationProvider
    {
        private readonly Lock _gate = new();

        public override void Load()
        {
            // The data lives across the gateways that share this provider; nothing to load.
        }

        public void Add(string key, string value)
        {
            // The reload is raised under the lock too: its listeners (each gateway's configuration root, then its
            // options monitors) run and re-register synchronously inside OnReload, so a second Add cannot swap the
            // reload token while a listener is between two tokens and its notification be lost (a stale skill list).
            lock (_gate)
            {
                Data = new Dictionary<string, string?>(Data, StringComparer.OrdinalIgnoreCase) { [key] = value };
                OnReload();
            }
        }
    }
}
