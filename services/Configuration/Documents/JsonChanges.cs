using System.Text.Json.Nodes;
using DaprSupport.Configuration.Signing;

namespace DaprSupport.Configuration.Documents;

/// <summary>The JSON pointers of what differs between two documents (the audit's "what changed").</summary>
public static class JsonChanges
{
    /// <summary>
    /// Pointers of changed, added and removed members, as deep as both sides are objects; an array that differs is
    /// one change at the array's pointer.
    /// </summary>
    public static IReadOnlyList<string> Pointers(JsonNode? before, JsonNode? after)
    {
        var changes = new List<string>();
        Compare(before, after, "", changes);
        return changes;
    }

    private static void Compare(JsonNode? before, JsonNode? after, string at, List<string> changes)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            var names = a.Select(p => p.Key)
                .Union(b.Select(p => p.Key), StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                Compare(a[name], b[name], at + "/" + TenantConfigRules.Escape(name), changes);
            }
        }
        else if (CanonicalJson.Text(before) != CanonicalJson.Text(after))
        {
            changes.Add(at.Length == 0 ? "/" : at);
        }
    }
}
