using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Signing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Configuration;

public sealed class TenantConfigSigningTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static TenantConfigSigner Signer(string current, params (string Id, string Key)[] keys)
    {
        var options = new ConfigSigningOptions { CurrentKeyId = current };
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }

        return new TenantConfigSigner(new StaticMonitor(options));
    }

    private static readonly (string, string) K1 = ("k1", new string('a', 32));
    private static readonly (string, string) K2 = ("k2", new string('b', 40));

    [Fact]
    public void Canonical_json_ignores_member_order_and_whitespace()
    {
        var a = JsonNode.Parse("""{ "b": [1, {"y": 2, "x": "é"}], "a": true }""");
        var b = JsonNode.Parse("""{"a":true,"b":[1,{"x":"é","y":2}]}""");

        Assert.Equal(CanonicalJson.Text(a), CanonicalJson.Text(b));
        Assert.Equal("""{"a":true,"b":[1,{"x":"\u00E9","y":2}]}""", CanonicalJson.Text(a));
    }

    [Fact]
    public void A_signed_version_verifies_and_any_change_to_tenant_version_or_document_breaks_it()
    {
        var signer = Signer("k1", K1);
        var signed = signer.Sign("acme", 3, ConfigSamples.Json(ConfigSamples.Valid), At, "admin-1");
        var tampered = JsonNode.Parse(ConfigSamples.Valid)!;
        tampered["blocks"]!["userIds"] = new JsonArray();

        Assert.True(signer.Verify(signed));
        Assert.True(signer.Verify(signed with { Document = ConfigSamples.Json(JsonNode.Parse(ConfigSamples.Valid)!.ToJsonString()) }));
        Assert.False(signer.Verify(signed with { Tenant = "other" }));
        Assert.False(signer.Verify(signed with { Version = 4 }));
        Assert.False(signer.Verify(signed with { Document = ConfigSamples.Json(tampered.ToJsonString()) }));
        Assert.False(signer.Verify(signed with { Signature = "not base64" }));
    }

    [Fact]
    public void Keys_rotate_by_key_id_old_versions_verify_until_their_key_is_removed()
    {
        var old = Signer("k1", K1).Sign("acme", 1, ConfigSamples.Json(ConfigSamples.Valid), At, "a");
        var rotated = Signer("k2", K1, K2);
        var retired = Signer("k2", K2);

        var fresh = rotated.Sign("acme", 2, ConfigSamples.Json(ConfigSamples.Valid), At, "a");

        Assert.Equal("k2", fresh.KeyId);
        Assert.True(rotated.Verify(old));
        Assert.True(rotated.Verify(fresh));
        Assert.False(retired.Verify(old));
        Assert.True(retired.Verify(fresh));
        Assert.False(rotated.Verify(old with { KeyId = "k2" }));
    }

    [Fact]
    public void Keys_shorter_than_32_bytes_are_not_used()
    {
        var signer = Signer("short", ("short", "too-short"));

        Assert.Throws<InvalidOperationException>(() => signer.Sign("acme", 1, ConfigSamples.Json(ConfigSamples.Valid), At, "a"));
    }

    [Fact]
    public void The_cache_keeps_the_last_good_version_when_a_bad_signature_arrives_and_counts_it()
    {
        var signer = Signer("k1", K1);
        var cache = new TenantConfigCache(signer, NullLogger<TenantConfigCache>.Instance);
        var good = signer.Sign("acme-cache", 1, ConfigSamples.Json(ConfigSamples.Valid), At, "a");
        var changed = JsonNode.Parse(ConfigSamples.Valid)!;
        changed["tenant"]!["displayName"] = "Evil";
        var forged = signer.Sign("acme-cache", 2, ConfigSamples.Json(ConfigSamples.Valid), At, "a") with { Document = ConfigSamples.Json(changed.ToJsonString()) };
        var rejectedBefore = ConfigMetrics.Rejected.WithLabels("acme-cache", "signature").Value;
        var applied = new List<long>();
        cache.Changed += s => applied.Add(s.Version);

        Assert.True(cache.TryApply(good, "test"));
        Assert.False(cache.TryApply(forged, "test"));
        Assert.False(cache.TryApply(good, "test"));

        Assert.True(cache.TryGet("acme-cache", out var held));
        Assert.Equal(1, held.Version);
        Assert.Equal("Acme", held.Document.Tenant.DisplayName);
        Assert.Equal([1L], applied);
        Assert.Equal(rejectedBefore + 1, ConfigMetrics.Rejected.WithLabels("acme-cache", "signature").Value);
    }

    [Fact]
    public void A_snapshot_matches_blocked_addresses_by_ip_and_cidr()
    {
        var signer = Signer("k1", K1);
        var snapshot = new TenantConfigSnapshot(signer.Sign("acme", 1, ConfigSamples.Json(ConfigSamples.Valid), At, "a"), ConfigSamples.Document());

        Assert.True(snapshot.IsBlockedAddress(System.Net.IPAddress.Parse("203.0.113.7")));
        Assert.True(snapshot.IsBlockedAddress(System.Net.IPAddress.Parse("198.51.100.200")));
        Assert.True(snapshot.IsBlockedAddress(System.Net.IPAddress.Parse("::ffff:198.51.100.1")));
        Assert.True(snapshot.IsBlockedAddress(System.Net.IPAddress.Parse("2001:db8::1")));
        Assert.False(snapshot.IsBlockedAddress(System.Net.IPAddress.Parse("203.0.113.8")));
        Assert.False(snapshot.IsBlockedAddress(null));
    }

    private sealed class StaticMonitor(ConfigSigningOptions value) : IOptionsMonitor<ConfigSigningOptions>
    {
        public ConfigSigningOptions CurrentValue => value;

        public ConfigSigningOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConfigSigningOptions, string?> listener) => null;
    }
}
