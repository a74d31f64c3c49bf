using System.Globalization;

namespace DaprSupport.EmulatorBench;

/// <summary>The 1-minute load average (Linux /proc/loadavg), to report how busy the machine was during a run.</summary>
public static class LoadAverage
{
    public static double? Read()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', 2)[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
