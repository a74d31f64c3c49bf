using Dapr.Actors.Runtime;
using DaprSupport.Configuration.Actors;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Leases;
using DaprSupport.Configuration.Signing;
using DaprSupport.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DaprSupport.Configuration;

/// <summary>Registration of the configuration and lease actors (in the app that hosts them) and of their clients.</summary>
public static class ConfigurationHosting
{
    /// <summary>The actor types this library hosts; called by the hosting app (sessions) inside its actor registration.</summary>
    public static ActorRegistrationCollection RegisterConfigurationActors(this ActorRegistrationCollection actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        actors.RegisterActor<LeaseActor>();
        actors.RegisterActor<TenantConfigActor>();
        actors.RegisterActor<TenantCatalogActor>();
        return actors;
    }

    /// <summary>The <see cref="ILeaseLock"/> clients use (needs the actor proxy factory, <c>AddActorProxies</c>).</summary>
    public static IServiceCollection AddLeaseLocks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILeaseLock, ActorLeaseLock>();
        return services;
    }

    /// <summary>
    /// The signer (section <c>TenantConfig:Signing</c>; a fixed key only in Development when none is configured), the
    /// actor client, this replica's cache and its periodic check. Outside Development with no key every version is
    /// refused (and counted), so a misconfigured replica never serves unsigned configuration.
    /// </summary>
    public static TBuilder AddTenantConfiguration<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ConfigSigningOptions>().Bind(builder.Configuration.GetSection(ConfigSigningOptions.Section));
        if (builder.Environment.IsDevelopment())
        {
            services.PostConfigure<ConfigSigningOptions>(o =>
            {
                if (o.Keys.Count == 0)
                {
                    o.Keys[ConfigSigningOptions.DevelopmentKeyId] = ConfigSigningOptions.DevelopmentKey;
                    o.CurrentKeyId = ConfigSigningOptions.DevelopmentKeyId;
                }
            });
        }

        services.AddOptions<TenantConfigOptions>().Bind(builder.Configuration.GetSection(TenantConfigOptions.Section))
            .Validate(o => o.RefreshInterval > TimeSpan.Zero, "TenantConfig:RefreshInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TenantConfigSigner>();
        services.TryAddSingleton<TenantConfigCache>();
        services.TryAddSingleton<TenantConfigClient>();
        services.AddActorProxies();
        services.AddHostedService<TenantConfigSync>();
        return builder;
    }
}
