namespace DaprSupport.Sessions.Options;

/// <summary>Binds section <c>Routing</c> and refuses to start with settings no session could be routed by.</summary>
public static class RoutingOptionsRegistration
{
    public static IHostApplicationBuilder AddRoutingOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RoutingOptions>()
            .Bind(builder.Configuration.GetSection(RoutingOptions.Section))
            .Validate(o => o.DurationsArePositive(),
                "Routing: every *Seconds setting but ReadMarkSaveSeconds (and each tenant or skill-group override) "
                + "must be at least 1.")
            .Validate(o => o.WeightsAreValid(),
                "Routing: LoadThreshold, PriorityWeight, MaxPublishedPositions and ReadMarkSaveSeconds must be ≥ 0 "
                + "and ResolutionRate between 0 and 1 (also in tenant and skill-group overrides).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DefaultSkill), "Routing:DefaultSkill is required.")
            .ValidateOnStart();
        return builder;
    }
}
