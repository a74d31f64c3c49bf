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

/// <summary>
/// Registration of the configuration and lease actors (in the app that hosts them) and of their clients.
/// </summary>
public static class ConfigurationHosting
{
    /// <summary>
    /// The actor types this library hosts; called by the hosting app (sessions) inside its actor registration.
    /// </summary>
    public static ActorRegistrationCollection RegisterConfigurationActors(this ActorRegistrationCollection actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        actors.RegisterActor<LeaseActor>();
        actors.RegisterActor<TenantConfigActor>();
        actors.RegisterActor<TenantCatalogActor>();
        return actors;
    }

    /// <summary>
    /// The <see cref="ILeaseLock"/> services use: the lease actors, or Dapr's lock API when <c>Leases:LockStore</c>
    /// names a lock component (see <see cref="DaprLockLeaseLock"/> for what that API cannot give).
    /// </summary>
    public static IServiceCollection AddLeaseLocks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LeaseOptions.Section);
        services.AddOptions<LeaseOptions>().Bind(section).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        if (string.IsNullOrEmpty(section[nameof(LeaseOptions.LockStore)]))
        {
            services.AddActorProxies();
            services.TryAddSingleton<ILeaseLock, ActorLeaseLock>();
        }
        else
        {
            services.TryAddSingleton<ILeaseLock, DaprLockLeaseLock>();
        }

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
        services.AddOptions<ConfigSigningOptions>()
            .Bind(builder.Configuration.GetSection(ConfigSigningOptions.Section));
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
