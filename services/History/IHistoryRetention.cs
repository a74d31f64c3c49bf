namespace DaprSupport.History;

/// <summary>How many days a tenant's timeline items are kept: the TTL each item is written with.</summary>
public interface IHistoryRetention
{
    int DaysFor(string tenant);
}
