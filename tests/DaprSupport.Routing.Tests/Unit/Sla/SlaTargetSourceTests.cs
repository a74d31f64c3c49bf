using DaprSupport.Configuration.Documents;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Sla;

namespace DaprSupport.Routing.Tests.Unit.Sla;

/// <summary>SLA targets: the skill group's in the tenant's configuration document, else the Routing options.</summary>
public sealed class SlaTargetSourceTests
{
    private static readonly SlaThresholds FromOptions = new(
        TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(1800), TimeSpan.FromSeconds(60), 0.8);

    [Fact]
    public void The_documents_group_targets_win_over_the_options()
    {
        var document = new TenantConfigDocument
        {
            SkillGroups = [new SkillGroup { Name = "billing", FirstResponseSeconds = 20, ResolutionSeconds = 600 }],
        };

        var billing = SlaTargetSource.Resolve(FromOptions, document, "billing");

        Assert.Equal(FromOptions with { FirstResponse = TimeSpan.FromSeconds(20), Resolution = TimeSpan.FromSeconds(600) }, billing);
    }

    [Fact]
    public void Without_the_group_or_a_document_the_options_apply()
    {
        var document = new TenantConfigDocument { SkillGroups = [new SkillGroup { Name = "billing", FirstResponseSeconds = 20 }] };

        Assert.Equal(FromOptions, SlaTargetSource.Resolve(FromOptions, document, "sales"));
        Assert.Equal(FromOptions, SlaTargetSource.Resolve(FromOptions, null, "billing"));
    }
}
