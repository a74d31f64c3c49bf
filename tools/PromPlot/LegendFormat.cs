using System.Text.RegularExpressions;

namespace DaprSupport.PromPlot;

/// <summary>Grafana's legend format: <c>{{label}}</c> becomes the series' label value (empty when absent).</summary>
public static partial class LegendFormat
{
    public static string Apply(string format, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(labels);
        if (format.Length == 0)
        {
            return labels.Count == 0 ? "value" : "{" + string.Join(", ", labels.Where(l => l.Key != "__name__").Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
        }

        return Placeholder().Replace(format, m => labels.TryGetValue(m.Groups[1].Value, out var v) ? v : string.Empty).Trim();
    }

    [GeneratedRegex(@"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
