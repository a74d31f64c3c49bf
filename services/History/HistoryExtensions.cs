using DaprSupport.Contracts.Timeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
                o => o.IsValid(),
                $"History retention must be between 1 and {RetentionLimits.MaxDays} days.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<IHistoryRetention, ConfiguredRetention>();
        builder.Services.AddSingleton<TimelineHistory>();
        return builder;
    }
}
