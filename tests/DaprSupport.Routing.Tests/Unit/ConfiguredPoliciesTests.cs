using System.Text.Json;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Signing;
using DaprSupport.Routing.Tests.Configuration;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// Routing parameters come from the tenant's configuration document in this replica's cache, the <c>Routing</c>
/// settings for a tenant or skill group the document lacks; a newer version applies at the next read.
/// </summary>
public sealed class ConfiguredPoliciesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TenantConfigSigner _signer = TestSigning.Signer();
    private readonly RoutingOptions _options = new() { LoadThreshold = 9, OfferTimeoutSeconds = 13, UnattendedGraceSeconds = 42 };
    private readonly TenantConfigCache _cache;
    private readonly ConfiguredPolicies _policies;

    public ConfiguredPoliciesTests()
    {
        _cache = new TenantConfigCache(_signer, NullLogger<TenantConfigCache>.Instance);
        _policies = new ConfiguredPolicies(Options.Create(_options), _cache);
    }

    [Fact]
    public void A_group_of_the_document_gives_its_parameters_and_the_rest_falls_back_to_the_routing_settings()
    {
        _cache.TryApply(_signer.Sign("acme", 1, ConfigSamples.Json(ConfigSamples.Valid), At, "a"), "test");

        var billing = _policies.PolicyFor("acme", "billing");
        var general = _policies.PolicyFor("acme", "general");
        var unknown = _policies.PolicyFor("acme", "nope");
        var otherTenant = _policies.PolicyFor("globex", "billing");

        Assert.Equal((3, TimeSpan.FromSeconds(120), 2, TimeSpan.FromSeconds(30), "general", false),
            (billing.LoadThreshold, billing.OverflowAfter, billing.PriorityWeight, billing.OfferTimeout, billing.OverflowTo, billing.Manual));
        Assert.True(general.Manual);
        Assert.Equal(TimeSpan.FromSeconds(42), billing.Grace);
        Assert.Equal((9, TimeSpan.FromSeconds(13)), (unknown.LoadThreshold, unknown.OfferTimeout));
        Assert.Equal((9, TimeSpan.FromSeconds(13)), (otherTenant.LoadThreshold, otherTenant.OfferTimeout));
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(3600)),
            (_policies.SlaFor("acme", "general").FirstResponse, _policies.SlaFor("acme", "general").Resolution));
    }

    [Fact]
    public void A_newer_version_applies_at_the_next_read_including_reassign_after()
    {
        _cache.TryApply(_signer.Sign("acme", 1, ConfigSamples.Json(ConfigSamples.Valid), At, "a"), "test");
        Assert.Null(_policies.PolicyFor("acme", "billing").ReassignAfter);

        var changed = ConfigSamples.Valid
            .Replace("\"loadThreshold\": 3", "\"loadThreshold\": 4", StringComparison.Ordinal)
            .Replace("\"offerTimeoutSeconds\": 30", "\"offerTimeoutSeconds\": 7, \"reassignAfterSeconds\": 90", StringComparison.Ordinal);
        _cache.TryApply(_signer.Sign("acme", 2, JsonDocument.Parse(changed).RootElement.Clone(), At, "a"), "test");

        var billing = _policies.PolicyFor("acme", "billing");
        Assert.Equal((4, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(90)), (billing.LoadThreshold, billing.OfferTimeout, billing.ReassignAfter));
    }
}
