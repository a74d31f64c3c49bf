using System.Globalization;

namespace DaprSupport.History;

/// <summary>
/// Keys of timeline items in the history store: computable, so any Dapr state store can bulk-read them.
/// </summary>
public static class HistoryKeys
{
    public static string Item(string tenant, string sessionId, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{tenant}|{sessionId}|{seq:D12}");
}
