using DaprSupport.Sessions.Hours;

namespace DaprSupport.Sessions.Jobs;

/// <summary>Registration of the singleton jobs, their scheduler and business hours.</summary>
public static class JobHosting
{
    public static IHostApplicationBuilder AddSingletonJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<JobOptions>().Bind(builder.Configuration.GetSection(JobOptions.Section))
            .Validate(o => o.Tick > TimeSpan.Zero && o.LeaseTtl > o.Tick, "Jobs: Tick positive, LeaseTtl longer.")
            .ValidateOnStart();
        services.AddOptions<HousekeepingOptions>().Bind(builder.Configuration.GetSection(HousekeepingOptions.Section))
            .Validate(
                o => o.Period > TimeSpan.Zero && o.AbandonQueuedAfter > TimeSpan.Zero
                    && o.ResolveIdleAfter > TimeSpan.Zero,
                "Housekeeping: Period, AbandonQueuedAfter and ResolveIdleAfter must be positive.")
            .ValidateOnStart();
        services.AddSingleton<TenantHours>();
        services.AddSingleton<ISingletonJob, HousekeepingJob>();
        services.AddSingleton<HousekeepingTenantsAdded>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService<JobScheduler>();
        return builder;
    }
}
