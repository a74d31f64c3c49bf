using System.Text.Json;

namespace DaprSupport.PromPlot;

/// <summary>One query of a panel and the Grafana legend format of its series.</summary>
public sealed record PanelTarget(string Expr, string LegendFormat);

/// <summary>A Grafana time-series panel as the shipped dashboards define it: title, unit and queries.</summary>
public sealed record DashboardPanel(string Dashboard, string Title, string Unit, IReadOnlyList<PanelTarget> Targets)
{
    /// <summary>The panels of one dashboard JSON file; template variables (<c>$tenant</c>) become <c>.*</c> (Grafana's "All").</summary>
    public static IReadOnlyList<DashboardPanel> Read(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var dashboard = Path.GetFileNameWithoutExtension(file);
        return
        [
            .. doc.RootElement.GetProperty("panels").EnumerateArray().Select(panel => new DashboardPanel(
                dashboard,
                panel.GetProperty("title").GetString()!,
                panel.TryGetProperty("fieldConfig", out var field) && field.TryGetProperty("defaults", out var defaults)
                    && defaults.TryGetProperty("unit", out var unit) ? unit.GetString() ?? "short" : "short",
                [
                    .. panel.GetProperty("targets").EnumerateArray().Select(t => new PanelTarget(
                        t.GetProperty("expr").GetString()!.Replace("$tenant", ".*", StringComparison.Ordinal),
                        t.TryGetProperty("legendFormat", out var legend) ? legend.GetString() ?? string.Empty : string.Empty)),
                ])),
        ];
    }

    /// <summary>
    /// The panel a selector names: <c>dashboard/Title</c> (dashboard file name without <c>.json</c>, the title exactly or
    /// as a unique prefix).
    /// </summary>
    public static DashboardPanel Select(IEnumerable<DashboardPanel> panels, string selector)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(selector);
        var slash = selector.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ArgumentException($"panel selector '{selector}' is not 'dashboard/Title'", nameof(selector));
        }

        var (dashboard, title) = (selector[..slash], selector[(slash + 1)..]);
        var inDashboard = panels.Where(p => p.Dashboard == dashboard).ToList();
        var exact = inDashboard.Where(p => p.Title == title).ToList();
        var matches = exact.Count > 0 ? exact : inDashboard.Where(p => p.Title.StartsWith(title, StringComparison.Ordinal)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new ArgumentException(matches.Count == 0
                ? $"no panel '{title}' in dashboard '{dashboard}' (has: {string.Join("; ", inDashboard.Select(p => p.Title))})"
                : $"'{title}' names {matches.Count} panels in dashboard '{dashboard}'", nameof(selector));
    }

    /// <summary>File name for the panel's PNG: <c>dashboard--title-in-kebab-case.png</c>.</summary>
    public string FileName
    {
        get
        {
            var slug = new string([.. Title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
            while (slug.Contains("--", StringComparison.Ordinal))
            {
                slug = slug.Replace("--", "-", StringComparison.Ordinal);
            }

            return $"{Dashboard}--{slug.Trim('-')}.png";
        }
    }
}
