using DaprSupport.Configuration.Signing;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Configuration;

/// <summary>A signer with one fixed key, for tests that sign or apply tenant documents.</summary>
internal static class TestSigning
{
    public static TenantConfigSigner Signer() =>
        new(new Fixed(new ConfigSigningOptions { CurrentKeyId = "k", Keys = { ["k"] = new string('k', 32) } }));

    private sealed class Fixed(ConfigSigningOptions value) : IOptionsMonitor<ConfigSigningOptions>
    {
        public ConfigSigningOptions CurrentValue => value;

        public ConfigSigningOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConfigSigningOptions, string?> listener) => null;
    }
}
