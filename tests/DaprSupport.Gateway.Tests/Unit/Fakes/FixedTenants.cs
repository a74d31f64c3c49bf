using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Signing;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Unit.Fakes;

/// <summary>
/// A <see cref="TenantDirectory"/> over tenants given in code: their seeds, and optionally a cache to which tests apply
/// configuration documents (signed with a test key) as a change event would.
/// </summary>
public static class FixedTenants
{
    private static readonly TenantConfigSigner Signer = new(new Fixed<ConfigSigningOptions>(new ConfigSigningOptions
    {
        CurrentKeyId = "test",
        Keys = { ["test"] = "a-test-only-configuration-signing-key-0123456789" },
    }));

    public static TenantDirectory Directory(Dictionary<string, TenantOptions>? tenants = null) =>
        new(new Fixed<Dictionary<string, TenantOptions>>(tenants ?? []), Cache());

    /// <summary>A directory whose cache <paramref name="cache"/> the test feeds (<see cref="Apply"/>).</summary>
    public static TenantDirectory Directory(TenantConfigCache cache, Dictionary<string, TenantOptions>? tenants = null) =>
        new(new Fixed<Dictionary<string, TenantOptions>>(tenants ?? []), cache);

    /// <summary>An empty cache that verifies with the test key.</summary>
    public static TenantConfigCache Cache() => new(Signer, NullLogger<TenantConfigCache>.Instance);

    /// <summary>Applies <paramref name="document"/> as the tenant's version <paramref name="version"/>.</summary>
    public static void Apply(this TenantConfigCache cache, string tenant, long version, TenantConfigDocument document)
    {
        var signed = Signer.Sign(tenant, version, ConfigDocuments.ToJson(document), DateTimeOffset.UnixEpoch, "test");
        Assert.True(cache.TryApply(signed, "test"));
    }

    private sealed class Fixed<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
