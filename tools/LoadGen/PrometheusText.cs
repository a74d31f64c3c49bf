using System.Globalization;

namespace DaprSupport.LoadGen;

/// <summary>One sample of a Prometheus text exposition: metric name, label text (as written) and value.</summary>
public readonly record struct PromSample(string Name, string Labels, double Value)
{
    /// <summary>The value of one label, or null when the sample does not carry it.</summary>
    public string? Label(string name)
    {
        var key = name + "=\"";
        var at = 0;
        while ((at = Labels.IndexOf(key, at, StringComparison.Ordinal)) >= 0)
        {
            if (at == 0 || Labels[at - 1] == ',')
            {
                var start = at + key.Length;
                var end = start;
                while (end < Labels.Length && Labels[end] != '"')
                {
                    end += Labels[end] == '\\' ? 2 : 1;
                }

                return Labels[start..Math.Min(end, Labels.Length)];
            }

            at += key.Length;
        }

        return null;
    }
}

/// <summary>Parses the Prometheus text format (0.0.4): comments skipped, one sample per line.</summary>
public static class PrometheusText
{
    public static List<PromSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PromSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var open = line.IndexOf('{', StringComparison.Ordinal);
            var valueAt = open >= 0 ? line.LastIndexOf("} ", StringComparison.Ordinal) + 2 : line.IndexOf(' ', StringComparison.Ordinal) + 1;
            if (valueAt <= 1)
            {
                continue;
            }

            var name = open >= 0 ? line[..open] : line[..(valueAt - 1)];
            var labels = open >= 0 ? line[(open + 1)..(valueAt - 2)] : string.Empty;
            var valueText = line[valueAt..].Split(' ')[0];
            if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples.Add(new PromSample(name, labels, value));
            }
        }

        return samples;
    }
}
