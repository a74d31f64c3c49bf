using System.Text.Json;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts.Timeline;
using DaprSupport.History;
using DaprSupport.Routing.Tests.Configuration;
using DaprSupport.Sessions.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// A tenant's history retention: its document's <c>retention.historyDays</c> when the document has that section, else
/// the <c>History</c> settings (the tenant's, else the default); a newer version applies at the next write.
/// </summary>
public sealed class TenantRetentionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly TenantConfigCache _cache = new(TestSigning.Signer(), NullLogger<TenantConfigCache>.Instance);
    private readonly TenantRetention _retention;

    public TenantRetentionTests()
    {
        var options = new HistoryOptions { RetentionDays = 60 };
        options.Tenants["globex"] = new TenantHistoryOptions { RetentionDays = 14 };
        options.Tenants["acme"] = new TenantHistoryOptions { RetentionDays = 14 };
        _retention = new TenantRetention(_cache, Options.Create(options));
    }

    [Fact]
    public void The_documents_retention_wins_over_the_settings_and_a_new_version_applies_at_once()
    {
        Apply(1, ConfigSamples.Valid.Replace("\"historyDays\": 90", "\"historyDays\": 30", StringComparison.Ordinal));
        Assert.Equal(30, _retention.DaysFor("acme"));

        Apply(2, ConfigSamples.Valid.Replace("\"historyDays\": 90", "\"historyDays\": 400", StringComparison.Ordinal));
        Assert.Equal(400, _retention.DaysFor("acme"));
    }

    [Fact]
    public void Without_a_retention_section_or_a_document_the_settings_apply()
    {
        Assert.Equal(14, _retention.DaysFor("acme"));
        Assert.Equal(60, _retention.DaysFor("initech"));

        Apply(1, ConfigSamples.Valid.Replace("\"retention\": { \"historyDays\": 90 },", "", StringComparison.Ordinal));

        Assert.Equal(14, _retention.DaysFor("acme"));
    }

    [Theory]
    [InlineData(1, "86400")]
    [InlineData(90, "7776000")]
    [InlineData(RetentionLimits.MaxDays, "2147472000")]
    public void The_ttl_is_whole_days_in_seconds_and_the_longest_fits_a_state_stores_limit(int days, string ttl)
    {
        Assert.Equal(ttl, HistoryOptions.TtlMetadataValue(days));
        Assert.True(long.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture) <= int.MaxValue);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(RetentionLimits.MaxDays, true)]
    [InlineData(RetentionLimits.MaxDays + 1, false)]
    public void Settings_outside_one_day_to_the_longest_ttl_are_refused(int days, bool valid)
    {
        var defaultOnly = new HistoryOptions { RetentionDays = days };
        var perTenant = new HistoryOptions();
        perTenant.Tenants["acme"] = new TenantHistoryOptions { RetentionDays = days };

        Assert.Equal((valid, valid), (defaultOnly.IsValid(), perTenant.IsValid()));
    }

    private void Apply(long version, string json) =>
        Assert.True(_cache.TryApply(
            TestSigning.Signer().Sign("acme", version, JsonDocument.Parse(json).RootElement.Clone(), At, "a"), "test"));
}
