namespace DaprSupport.LoadGen;

/// <summary>CPU seconds per process group between two readings of /proc, and what that is per delivered message.</summary>
public sealed record CpuBreakdown(IReadOnlyDictionary<string, double> Seconds)
{
    /// <summary>Groups that are the product (what runs in production): the apps; not the emulator, etcd or the tool.</summary>
    public static bool IsProduct(string group) => group.StartsWith("app ", StringComparison.Ordinal);

    /// <summary>Ticks per group at one instant.</summary>
    public static Dictionary<int, (string Group, long Ticks)> Snapshot(Dictionary<int, string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var snapshot = new Dictionary<int, (string, long)>();
        foreach (var (pid, group) in groups)
        {
            if (ProcessTable.CpuTicks(pid) is { } ticks)
            {
                snapshot[pid] = (group, ticks);
            }
        }

        return snapshot;
    }

    /// <summary>
    /// Seconds per group between the snapshots: for a process in both, the difference; a process gone by the end is
    /// left out (its last ticks are unknown).
    /// </summary>
    public static CpuBreakdown Between(
        IReadOnlyDictionary<int, (string Group, long Ticks)> before, IReadOnlyDictionary<int, (string Group, long Ticks)> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pid, (group, ticks)) in after)
        {
            if (before.TryGetValue(pid, out var start))
            {
                seconds[group] = seconds.GetValueOrDefault(group) + ((ticks - start.Ticks) / ProcessTable.TicksPerSecond);
            }
        }

        return new CpuBreakdown(seconds);
    }

    public double Product => Seconds.Where(s => IsProduct(s.Key)).Sum(s => s.Value);
}
