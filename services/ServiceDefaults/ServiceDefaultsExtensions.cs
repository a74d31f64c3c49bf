using DaprSupport.Contracts;
using DaprSupport.ServiceDefaults.AppChannel;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// The one extension every service calls: telemetry, logs (JSON with trace ids outside Development), metrics, health,
/// problem+json errors, the Dapr client (with <c>DAPR_API_TOKEN</c>), the app API token check and the app-channel
/// endpoints daprd calls. Nothing here contacts the sidecar at startup.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";
    public const string MetricsPath = "/metrics";
    private const string LiveTag = "live";
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureOpenTelemetry();
        builder.ConfigureLogging();
        MeterExport.Configure();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.Apply);
        builder.Services.AddExceptionHandler<DependencyFailureHandler>();
        builder.AddAppToken();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddDaprClient((services, client) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            if (DaprEndpoints.Grpc(configuration) is { } grpc)
            {
                client.UseGrpcEndpoint(grpc);
            }

            if (DaprEndpoints.Http(configuration) is { } http)
            {
                client.UseHttpEndpoint(http);
            }

            if (DaprApiToken.From(configuration) is { } token)
            {
                client.UseDaprApiToken(token);
            }

            client.UseJsonSerializationOptions(JsonDefaults.Options);
        });

        // Malformed input (an unparsable query value, a bad JSON body) is the caller's fault:
        // 400, in every environment.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        return builder;
    }

    /// <summary>
    /// Listens on the port daprd was told about (<c>APP_PORT</c>, set by <c>dapr run</c> and the emulator) when the
    /// host was given no URL of its own (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>).
    /// </summary>
    public static WebApplicationBuilder UseAppPortWhenNoUrls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = builder.Configuration;
        var hasUrls = !string.IsNullOrEmpty(config[WebHostDefaults.ServerUrlsKey])
                      || !string.IsNullOrEmpty(config["HTTP_PORTS"])
                      || !string.IsNullOrEmpty(config["HTTPS_PORTS"]);
        var appPort = config["APP_PORT"];
        if (!hasUrls && int.TryParse(appPort, out var port) && port is > 0 and < 65536)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        return builder;
    }

    /// <summary>
    /// Error handling, the app API token check, metrics, health and the Dapr pub/sub app-channel endpoints. Requests
    /// to endpoints that hold connections skip the per-request middlewares (<see cref="ConnectionEndpoints"/>).
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A connection (a WebSocket) would keep each of these suspended for its whole life: ConnectionEndpoints.
        var authenticates = app.Services.GetService<IServiceProviderIsService>()
            ?.IsService(typeof(IAuthenticationSchemeProvider)) is true;
        app.UseWhen(PerRequest, request =>
        {
            if (authenticates)
            {
                request.UseAuthentication();
            }

            request.UseExceptionHandler().UseStatusCodePages().UseHttpMetrics();
        });

        // WebApplication puts the authentication middleware in front of everything unless the app added it itself
        // (the key UseAuthentication sets on the app, not on a branch).
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;

        // After the metrics, so refused callers show up in http_requests_received_total (code 401).
        app.UseAppToken();
        app.UseWhen(PerRequest, request => request.UseCloudEvents());

        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        app.MapMetrics(MetricsPath);
        app.MapSubscribeHandler();
        return app;
    }

    private static bool PerRequest(HttpContext context) => !ConnectionEndpoints.IsConnectionRequest(context);
}
