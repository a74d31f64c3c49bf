using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using Dapr.Actors.Client;
using Dapr.Actors.Runtime;
using DaprSupport.ServiceDefaults.AppChannel;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprSupport.ServiceDefaults;

/// <summary>Actor hosting shared by the services that host actors (they use the HTTP app protocol).</summary>
public static class ActorHostExtensions
{
    /// <summary>
    /// Registers actors with idle timeout and scan interval read from configuration section <c>Actors</c>
    /// (<c>IdleTimeoutSeconds</c>, default 3600; <c>ScanIntervalSeconds</c>, default 30).
    /// </summary>
    public static WebApplicationBuilder AddActorHost(
        this WebApplicationBuilder builder, Action<ActorRegistrationCollection> register)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(register);
        var section = builder.Configuration.GetSection("Actors");
        builder.Services.AddActors(options =>
        {
            options.ActorIdleTimeout = TimeSpan.FromSeconds(section.GetValue("IdleTimeoutSeconds", 3600));
            options.ActorScanInterval = TimeSpan.FromSeconds(section.GetValue("ScanIntervalSeconds", 30));
            options.DrainOngoingCallTimeout = TimeSpan.FromSeconds(section.GetValue("DrainTimeoutSeconds", 30));
            options.DrainRebalancedActors = true;
            options.JsonSerializerOptions = JsonDefaults.Options;
            options.UseJsonSerialization = true;
            if (DaprEndpoints.Http(builder.Configuration) is { } http)
            {
                options.HttpEndpoint = http;
            }

            if (DaprApiToken.From(builder.Configuration) is { } token)
            {
                options.DaprApiToken = token;
            }

            register(options.Actors);
        });
        return builder;
    }

    /// <summary>
    /// Registers the actor proxy factory every service uses to call actors: JSON remoting (the same serializer as
    /// the hosts), the sidecar endpoint from the Dapr environment variables, and one connection pool to the sidecar
    /// for all proxies. Without a handler, Dapr.Actors 1.19 gives each proxy its own <c>HttpClient</c> and handler
    /// (<c>DaprHttpInteractor</c>), so every call through a new proxy opened a new TCP connection to the sidecar.
    /// Proxies are reused (<see cref="CachedActorProxyFactory"/>); session and visitor actors, a new id for nearly
    /// every start, are called without remoting (<see cref="PlainClients"/>).
    /// </summary>
    public static IServiceCollection AddActorProxies(this IServiceCollection services)
    {
        services.TryAddSingleton<SidecarConnections>();
        services.Replace(ServiceDescriptor.Singleton<IActorProxyFactory>(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new CachedActorProxyFactory(
                new ActorProxyFactory(
                    ProxyOptions(DaprEndpoints.Http(configuration), DaprApiToken.From(configuration)),
                    sp.GetRequiredService<SidecarConnections>().Handler),
                PlainClients);
        }));
        return services;
    }

    /// <summary>The actor interfaces called without remoting, and their clients.</summary>
    public static readonly IReadOnlyDictionary<Type, Func<ActorProxy, object>> PlainClients =
        new Dictionary<Type, Func<ActorProxy, object>>
        {
            [typeof(ISessionActor)] = proxy => new SessionActorClient(proxy),
            [typeof(IVisitorActor)] = proxy => new VisitorActorClient(proxy),
        };

    public static ActorProxyOptions ProxyOptions(string? httpEndpoint = null, string? daprApiToken = null)
    {
        var options = new ActorProxyOptions
        {
            UseJsonSerialization = true,
            JsonSerializerOptions = JsonDefaults.Options,
        };
        if (httpEndpoint is not null)
        {
            options.HttpEndpoint = httpEndpoint;
        }

        if (daprApiToken is not null)
        {
            options.DaprApiToken = daprApiToken;
        }

        return options;
    }
}
