using Dapr.Actors.Runtime;
using DaprSupport.Configuration.Leases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprSupport.Configuration;

/// <summary>Registration of the configuration and lease actors (in the app that hosts them) and of their clients.</summary>
public static class ConfigurationHosting
{
    /// <summary>The actor types this library hosts; called by the hosting app (sessions) inside its actor registration.</summary>
    public static ActorRegistrationCollection RegisterConfigurationActors(this ActorRegistrationCollection actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        actors.RegisterActor<LeaseActor>();
        return actors;
    }

    /// <summary>The <see cref="ILeaseLock"/> clients use (needs the actor proxy factory, <c>AddActorProxies</c>).</summary>
    public static IServiceCollection AddLeaseLocks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILeaseLock, ActorLeaseLock>();
        return services;
    }
}
