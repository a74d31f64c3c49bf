using System.Globalization;
using System.Text;

namespace DaprSupport.LoadGen;

/// <summary>One process as /proc shows it: its parent, command line, the Dapr variables of its environment, CPU ticks.</summary>
public sealed record ProcessInfo(int Pid, int ParentPid, IReadOnlyList<string> Args, string? AppId, int? AppPort, int? MetricsPort, long CpuTicks);

/// <summary>Reads <c>/proc</c>: <c>stat</c> (utime + stime), <c>cmdline</c> and <c>environ</c> of every process it may read.</summary>
public static class ProcessTable
{
    /// <summary>Linux reports CPU times in USER_HZ ticks, 100 a second on every architecture .NET runs on.</summary>
    public const double TicksPerSecond = 100;

    public static IReadOnlyList<ProcessInfo> Read()
    {
        var processes = new List<ProcessInfo>();
        if (!OperatingSystem.IsLinux())
        {
            return processes;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (ParseStat(File.ReadAllText(Path.Combine(dir, "stat"))) is not { } stat)
                {
                    continue;
                }

                var args = SplitNul(File.ReadAllBytes(Path.Combine(dir, "cmdline")));
                var env = ReadEnvironment(Path.Combine(dir, "environ"));
                processes.Add(new ProcessInfo(pid, stat.ParentPid, args, env.GetValueOrDefault("APP_ID"),
                    Int(env.GetValueOrDefault("APP_PORT")), Int(env.GetValueOrDefault("DAPR_METRICS_PORT")), stat.Ticks));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone, or another user's: not part of the run.
            }
        }

        return processes;
    }

    /// <summary>The CPU ticks (utime + stime) of one process, or null when it is gone.</summary>
    public static long? CpuTicks(int pid)
    {
        try
        {
            return ParseStat(File.ReadAllText($"/proc/{pid}/stat"))?.Ticks;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Parent pid and utime + stime from a <c>/proc/&lt;pid&gt;/stat</c> line (proc(5)): the command name is in
    /// parentheses and may hold spaces and parentheses, so fields are counted after the last <c>)</c>.
    /// </summary>
    public static (int ParentPid, long Ticks)? ParseStat(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // After ")": state(3) ppid(4) pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15).
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ppid)
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stime))
        {
            return null;
        }

        return (ppid, utime + stime);
    }

    /// <summary>NUL-separated strings (<c>cmdline</c>, <c>environ</c>).</summary>
    public static List<string> SplitNul(byte[] bytes) =>
        [.. Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries)];

    public static Dictionary<string, string> ParseEnvironment(byte[] environ)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in SplitNul(environ))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                env[entry[..eq]] = entry[(eq + 1)..];
            }
        }

        return env;
    }

    private static Dictionary<string, string> ReadEnvironment(string path)
    {
        try
        {
            return ParseEnvironment(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
