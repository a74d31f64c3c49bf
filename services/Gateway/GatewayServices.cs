using Dapr.Actors.Client;
using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Realtime.Transport;
using DaprSupport.Gateway.Realtime.Transport.LongPoll;
using DaprSupport.ServiceDefaults;
using DaprSupport.ServiceDefaults.AppChannel;

namespace DaprSupport.Gateway;

/// <summary>The gateway's services: the replica fanout, the sessions client, limits and connections.</summary>
public static class GatewayServices
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .Validate(o => o.IdleTimeout > o.PingInterval && o.PingInterval > TimeSpan.Zero,
                "Gateway:IdleTimeout must be longer than Gateway:PingInterval (> 0).")
            .Validate(o => o.MaxFrameBytes > 0 && o.MaxConnections >= 0 && o.MaxPendingFrames > 0
                && o.PresenceHeartbeat > TimeSpan.Zero && o.MaxPollWait >= TimeSpan.Zero
                && o.PollCursorIdle > TimeSpan.Zero, "Gateway limits must be positive.")
            .Validate(o => o.MaxConnectionsPerPrincipal > 0 && o.MaxConnectionsPerAddress > 0 && o.CursorOpenBurst > 0
                && o.CursorOpenPeriod > TimeSpan.Zero && o.MaxPublicBodyBytes >= o.MaxFrameBytes
                && o.CallerRequestBurst > 0 && o.CallerRequestsPerSecond > 0,
                "Gateway per-caller caps must be positive, and MaxPublicBodyBytes at least MaxFrameBytes.")
            .ValidateOnStart();
        builder.Services.AddOptions<StartAdmissionOptions>()
            .Bind(builder.Configuration.GetSection(StartAdmissionOptions.Section))
            .Validate(StartAdmission.IsValid,
                "Gateway:Starts needs MaxInFlight > 0, QueueLimit ≥ 0, QueueTimeout > 0 and RetryAfter > 0.")
            .ValidateOnStart();
        builder.Services.AddOptions<PlatformOptions>()
            .Bind(builder.Configuration.GetSection(PlatformOptions.Section))
            .ValidateOnStart();
        builder.Services.AddCallerRateLimits();
        builder.Services.AddSingleton<ReplicaFanout>();
        builder.Services.AddSingleton<CallerAuthenticator>();
        builder.Services.AddSingleton<TenantRateLimits>();
        builder.Services.AddSingleton<StartPolicy>();
        builder.Services.AddSingleton<StartAdmission>();
        builder.Services.AddSingleton<TypingThrottle>();
        builder.Services.AddSingleton<TypingRelay>();
        builder.Services.AddSingleton<ConnectionCounter>();
        builder.Services.AddSingleton<Revocations>();
        builder.Services.AddSingleton<ConnectionQuotas>();
        builder.Services.AddSingleton<ConversationFactory>();
        builder.Services.AddSingleton<PollRegistry>();
        builder.Services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new SessionsClient(
                DaprClient.CreateInvokeHttpClient(
                    AppIds.Sessions, DaprEndpoints.Http(configuration), DaprApiToken.From(configuration)),
                sp.GetRequiredService<IActorProxyFactory>(),
                sp.GetRequiredService<ILogger<SessionsClient>>());
        });
        return builder;
    }

    /// <summary>
    /// The visitor chat widget, static files from <c>wwwroot/widget/</c> served under <c>/widget/</c>
    /// (<c>/widget/?tenant=demo</c>), and its embeddable launcher <c>/widget.js</c>. It talks to this gateway only
    /// through the public protocol; the tenant must list the page's origin in its configuration's
    /// <c>tenant.widgetOrigins</c> (the seed's <c>AllowedOrigins</c>) for it to get a visitor token. Who may frame it:
    /// <see cref="Http.WidgetFraming"/>.
    /// </summary>
    public static WebApplication UseWidget(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWidgetFraming();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
