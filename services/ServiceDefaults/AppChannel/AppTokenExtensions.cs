using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprSupport.ServiceDefaults.AppChannel;

/// <summary>
/// The app side of Dapr's token pair. <c>APP_API_TOKEN</c> (sidecar → app) is checked by
/// <see cref="AppTokenMiddleware"/>; it is required outside Development, where a service refuses to start without it.
/// In Development an unset token leaves the app open, with a warning at startup. <c>DAPR_API_TOKEN</c>
/// (app → sidecar) is read by <see cref="DaprApiToken"/> for the Dapr client, the actor runtime and the actor
/// proxies.
/// </summary>
public static class AppTokenExtensions
{
    internal static IHostApplicationBuilder AddAppToken(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AppTokenOptions>()
            .Configure<IConfiguration>((o, configuration) => o.Token = configuration[AppTokenOptions.TokenKey])
            .Validate<IHostEnvironment>(
                (o, environment) => environment.IsDevelopment() || !string.IsNullOrEmpty(o.Token),
                $"{AppTokenOptions.TokenKey} is required outside Development: only the Dapr sidecar may call the app.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Client-facing path prefixes this service serves without the app token (the gateway's public API).
    /// </summary>
    public static IHostApplicationBuilder AllowWithoutAppToken(
        this IHostApplicationBuilder builder, params string[] pathPrefixes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<AppTokenOptions>(o =>
        {
            foreach (var prefix in pathPrefixes)
            {
                o.PublicPaths.Add(prefix);
            }
        });
        return builder;
    }

    internal static WebApplication UseAppToken(this WebApplication app)
    {
        if (string.IsNullOrEmpty(app.Services.GetRequiredService<IOptions<AppTokenOptions>>().Value.Token))
        {
            app.Logger.LogWarning(
                "{Key} is not set: any local process can call this app's sidecar-only endpoints "
                + "(allowed in Development only).",
                AppTokenOptions.TokenKey);
        }

        app.UseMiddleware<AppTokenMiddleware>();
        return app;
    }
}
