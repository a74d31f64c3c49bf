using DaprSupport.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DaprSupport.Tenancy;

/// <summary>
/// Registers the tenant directory (runtime configuration from the configuration actors, section <c>Tenants</c> as the
/// seed for tenants without one), the token service and JWT bearer authentication (section <c>Tokens</c>), and the
/// token routes' rate limits (section <c>AuthLimits</c>).
/// </summary>
public static class SecurityExtensions
{
    public static TBuilder AddSupportSecurity<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<TokenOptions>()
            .Bind(builder.Configuration.GetSection(TokenOptions.Section))
            .PostConfigure(o =>
            {
                if (development && o.SigningKeys.Count == 0)
                {
                    o.SigningKeys.Add(new SigningKeyOptions
                    {
                        Id = DevelopmentSigningKey.KeyId,
                        Key = DevelopmentSigningKey.LoadOrCreate(DevelopmentSigningKey.DefaultPath),
                    });
                }
            })
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<TokenOptions>, TokenOptionsValidation>());
        builder.Services.Configure<Dictionary<string, TenantOptions>>(builder.Configuration.GetSection("Tenants"));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddTenantConfiguration();
        builder.Services.TryAddSingleton<TenantDirectory>();
        builder.Services.TryAddSingleton<SupportTokens>();
        builder.Services.TryAddSingleton<VisitorIdentities>();
        builder.Services.AddSupportAuthentication();
        builder.AddAuthRateLimits();
        return builder;
    }

    /// <summary>Fails startup (outside Development: no key is generated) with what is wrong with the keys.</summary>
    private sealed class TokenOptionsValidation : IValidateOptions<TokenOptions>
    {
        public ValidateOptionsResult Validate(string? name, TokenOptions options)
        {
            if (SigningKeyRing.Problem(options.SigningKeys) is { } problem)
            {
                return ValidateOptionsResult.Fail(problem);
            }

            return options.StaffLifetime > TimeSpan.Zero && options.VisitorLifetime > TimeSpan.Zero
                && options.RenewalGrace >= TimeSpan.Zero
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{TokenOptions.Section}: lifetimes must be positive and RenewalGrace ≥ 0.");
        }
    }
}
