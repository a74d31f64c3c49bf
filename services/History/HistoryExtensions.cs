using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DaprSupport.History;

/// <summary>The timeline history (store, read, retention) for the services that keep it.</summary>
public static class HistoryExtensions
{
    public static IHostApplicationBuilder AddTimelineHistory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<HistoryOptions>()
            .Bind(builder.Configuration.GetSection(HistoryOptions.Section))
            .Validate(
                o => o.RetentionDays > 0 && o.Tenants.Values.All(t => t.RetentionDays is null or > 0),
                "History retention must be at least one day.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TimelineHistory>();
        return builder;
    }
}
