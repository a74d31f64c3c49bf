using Dapr.Actors.Runtime;
using DaprSupport.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DaprSupport.Webhooks;

/// <summary>Registration of the webhook actors and their sender in the app that hosts them (agents).</summary>
public static class WebhookHosting
{
    public static ActorRegistrationCollection RegisterWebhookActors(this ActorRegistrationCollection actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        actors.RegisterActor<WebhookActor>();
        return actors;
    }

    public static TBuilder AddWebhooks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(
                o => o.MaxAttempts > 0 && o.FirstRetry > TimeSpan.Zero && o.MaxRetry >= o.FirstRetry
                    && o.Timeout > TimeSpan.Zero && o.MaxPending > 0
                    && o.BatchSize > 0 && o.BatchWait >= TimeSpan.FromMilliseconds(1),
                "Webhooks: attempts, waits and limits must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<WebhookSender>();
        builder.Services.AddActorProxies();
        return builder;
    }
}
