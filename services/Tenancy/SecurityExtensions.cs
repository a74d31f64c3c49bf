using DaprSupport.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DaprSupport.Tenancy;

/// <summary>
/// Registers the tenant directory (runtime configuration from the configuration actors, section <c>Tenants</c> as the
/// seed for tenants without one) and the token service (section <c>Tokens</c>).
/// </summary>
public static class SecurityExtensions
{
    public static TBuilder AddSupportSecurity<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(TokenOptions.Section);
        if (string.IsNullOrEmpty(section[nameof(TokenOptions.SigningKey)]) && !builder.Environment.IsDevelopment())
        {
            // Fail at startup, not at the first login: production must be given the shared key.
            throw new InvalidOperationException($"{TokenOptions.Section}:SigningKey is required outside Development (environment {builder.Environment.EnvironmentName}).");
        }

        builder.Services.Configure<TokenOptions>(section);
        builder.Services.PostConfigure<TokenOptions>(o => o.SigningKey ??= DevelopmentKey);
        builder.Services.Configure<Dictionary<string, TenantOptions>>(builder.Configuration.GetSection("Tenants"));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddTenantConfiguration();
        builder.Services.TryAddSingleton<TenantDirectory>();
        builder.Services.TryAddSingleton<SupportTokens>();
        return builder;
    }

    /// <summary>Only ever used in Development when no key is configured: tokens then work across local services.</summary>
    private const string DevelopmentKey = "daprsupport-development-only-signing-key-0123456789";
}
