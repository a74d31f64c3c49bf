using DaprSupport.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>Fresh users with tokens minted by the gateway's own token service (unique ids keep tests independent).</summary>
public static class TestUsers
{
    public static (string Id, string Token) Visitor(this GatewaySystem system, string tenant = TestTenants.Acme)
    {
        ArgumentNullException.ThrowIfNull(system);
        var id = "v_" + Guid.NewGuid().ToString("N");
        return (id, Issue(system, new SupportPrincipal(tenant, id, "visitor", "Visitor " + id[2..6], [], null)));
    }

    public static (string Id, string Token) Agent(this GatewaySystem system, string skill, string role = "agent", string tenant = TestTenants.Acme)
    {
        ArgumentNullException.ThrowIfNull(system);
        var id = role + "-" + Guid.NewGuid().ToString("N")[..12];
        return (id, Issue(system, new SupportPrincipal(tenant, id, role, "Agent " + id, [skill], 2)));
    }

    public static string Issue(GatewaySystem system, SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GatewayServices.GetRequiredService<SupportTokens>().Issue(principal).Token;
    }

    /// <summary>
    /// A public skill group of acme nobody else uses, so routing in one test never offers another test's sessions
    /// (visitors may only start sessions in configured public groups: <see cref="TestSkills"/>).
    /// </summary>
    public static string NewSkill() => TestSkills.New();
}
