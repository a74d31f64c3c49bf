using Microsoft.Extensions.Options;

namespace DaprSupport.History;

/// <summary>The retention the <c>History</c> settings give (<see cref="HistoryOptions"/>): the default.</summary>
public sealed class ConfiguredRetention(IOptions<HistoryOptions> options) : IHistoryRetention
{
    public int DaysFor(string tenant) => options.Value.RetentionDaysFor(tenant);
}
