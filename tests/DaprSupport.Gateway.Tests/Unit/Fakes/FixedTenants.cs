using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Unit.Fakes;

/// <summary>A <see cref="TenantDirectory"/> over tenants given in code, for unit tests.</summary>
public static class FixedTenants
{
    public static TenantDirectory Directory(Dictionary<string, TenantOptions>? tenants = null) =>
        new(new Fixed(tenants ?? []));

    private sealed class Fixed(Dictionary<string, TenantOptions> value) : IOptionsMonitor<Dictionary<string, TenantOptions>>
    {
        public Dictionary<string, TenantOptions> CurrentValue => value;

        public Dictionary<string, TenantOptions> Get(string? name) => value;

        public IDisposable? OnChange(Action<Dictionary<string, TenantOptions>, string?> listener) => null;
    }
}
