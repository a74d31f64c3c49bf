using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Signing;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Unit.Fakes;

/// <summary>
/// A <see cref="TenantDirectory"/> over tenants given in code (their seeds; no runtime configuration), for unit tests.
/// </summary>
public static class FixedTenants
{
    public static TenantDirectory Directory(Dictionary<string, TenantOptions>? tenants = null) =>
        new(new Fixed<Dictionary<string, TenantOptions>>(tenants ?? []), EmptyCache());

    private static TenantConfigCache EmptyCache() =>
        new(new TenantConfigSigner(new Fixed<ConfigSigningOptions>(new ConfigSigningOptions())),
            NullLogger<TenantConfigCache>.Instance);

    private sealed class Fixed<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
