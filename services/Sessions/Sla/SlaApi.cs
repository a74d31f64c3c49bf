using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sla;
using DaprSupport.Sessions.Api;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// <c>GET /v1/tenants/{tenant}/sla</c>, for the gateway's supervisor snapshot: the tenant's <see cref="SlaReport"/>
/// with each skill group's targets (<see cref="SlaTargetSource"/>).
/// </summary>
public static class SlaApi
{
    public static IEndpointRouteBuilder MapSlaApi(this IEndpointRouteBuilder routes)
    {
        routes.MapTenantGroup("/v1/tenants/{tenant}").MapGet("/sla",
            async (string tenant, IActorProxyFactory actors, SlaTargetSource targets) =>
            {
                var report = await actors.CreateActorProxy<ISlaActor>(ActorIds.Sla(tenant), ActorTypes.Sla)
                    .GetReportAsync();
                return TypedResults.Ok(report with
                {
                    Skills = [.. report.Skills.Select(f => f with { Targets = targets.TargetsFor(tenant, f.Skill!) })],
                });
            });
        return routes;
    }

    /// <summary>The options (section <c>Sla</c>), the target source and the feed session actors use.</summary>
    public static IHostApplicationBuilder AddSlaLedger(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SlaOptions>()
            .Bind(builder.Configuration.GetSection(SlaOptions.Section))
            .Validate(o => o.Window > TimeSpan.Zero && o.MaxSamples > 0 && o.MaxChats > 0,
                "Sla: Window, MaxSamples and MaxChats must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SlaTargetSource>();
        builder.Services.AddSingleton<SlaFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SlaFeed>());
        return builder;
    }
}
