using DaprSupport.Sessions.Options;
using Microsoft.Extensions.Configuration;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>Every routing/SLA default is read from configuration, with per tenant and per skill-group overrides (issue 4).</summary>
public sealed class RoutingOptionsTests
{
    private static RoutingOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new RoutingOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(RoutingOptions.Section).Bind(options);
        return options;
    }

    [Fact]
    public void Defaults_match_the_issue()
    {
        var o = new RoutingOptions();
        var policy = o.PolicyFor("t", "billing");
        Assert.Equal(5, policy.LoadThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), policy.OverflowAfter);
        Assert.Equal(TimeSpan.FromSeconds(20), policy.OfferTimeout);
        Assert.Equal(60, policy.PriorityWeight);
        Assert.Equal(new SlaThresholds(TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(60), 0.8), o.SlaFor("t", "billing"));
        Assert.Equal("general", o.DefaultSkill);
    }

    [Fact]
    public void Global_values_come_from_configuration()
    {
        var o = Bind(new() { ["Routing:LoadThreshold"] = "2", ["Routing:OfferTimeoutSeconds"] = "7", ["Routing:FirstResponseSeconds"] = "9", ["Routing:DefaultSkill"] = "sales" });
        Assert.Equal(2, o.PolicyFor("x", "y").LoadThreshold);
        Assert.Equal(TimeSpan.FromSeconds(7), o.PolicyFor("x", "y").OfferTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), o.SlaFor("x", "y").FirstResponse);
        Assert.Equal("sales", o.DefaultSkill);
    }

    [Fact]
    public void Skill_group_overrides_tenant_defaults_which_override_global()
    {
        var o = Bind(new()
        {
            ["Routing:OverflowAfterSeconds"] = "100",
            ["Routing:Tenants:acme:Defaults:OverflowAfterSeconds"] = "50",
            ["Routing:Tenants:acme:Defaults:ResolutionSeconds"] = "600",
            ["Routing:Tenants:acme:Skills:vip:OverflowAfterSeconds"] = "5",
            ["Routing:Tenants:acme:Skills:vip:PriorityWeight"] = "10",
        });
        Assert.Equal(TimeSpan.FromSeconds(5), o.PolicyFor("acme", "vip").OverflowAfter);
        Assert.Equal(10, o.PolicyFor("acme", "vip").PriorityWeight);
        Assert.Equal(TimeSpan.FromSeconds(600), o.SlaFor("acme", "vip").Resolution);
        Assert.Equal(TimeSpan.FromSeconds(50), o.PolicyFor("acme", "billing").OverflowAfter);
        Assert.Equal(60, o.PolicyFor("acme", "billing").PriorityWeight);
        Assert.Equal(TimeSpan.FromSeconds(100), o.PolicyFor("other", "vip").OverflowAfter);
    }
}
