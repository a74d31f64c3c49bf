namespace DaprSupport.LoadGen;

/// <summary>
/// The processes of the run serving the gateway under test, grouped for the CPU report. Under the emulator
/// (<c>tools/dev.sh run</c>) the run is one process tree: the emulator (<c>dotnet run --project tools/DaprEmulator</c>
/// and its child) starts etcd and each app's <c>dotnet run</c>, whose child is the app; every app process carries the
/// <c>APP_ID</c> its sidecar gave it. The gateway is found by <c>APP_ID=gateway</c> and <c>APP_PORT</c> = the URL's
/// port; the run is everything under the highest ancestor whose command line names the emulator.
/// </summary>
public static class RunProcesses
{
    public const string Emulator = "emulator";
    public const string Etcd = "etcd";
    public const string LoadTool = "load tool";

    /// <summary>The group name of an app's processes.</summary>
    public static string App(string appId) => "app " + appId;

    /// <summary>pid → group for the run's processes (empty when no emulator run serves that gateway port).</summary>
    public static Dictionary<int, string> Classify(IReadOnlyList<ProcessInfo> processes, int gatewayPort, string gatewayAppId = "gateway")
    {
        ArgumentNullException.ThrowIfNull(processes);
        var byPid = processes.ToDictionary(p => p.Pid);
        var groups = new Dictionary<int, string>();
        var gateway = processes.FirstOrDefault(p => p.AppId == gatewayAppId && p.AppPort == gatewayPort);
        if (gateway is null || RootOf(gateway, byPid) is not { } root)
        {
            return groups;
        }

        var children = processes.ToLookup(p => p.ParentPid);
        var pending = new Stack<ProcessInfo>([root]);
        while (pending.Count > 0)
        {
            var process = pending.Pop();
            groups[process.Pid] = GroupOf(process);
            foreach (var child in children[process.Pid])
            {
                pending.Push(child);
            }
        }

        return groups;
    }

    /// <summary>An app's processes by APP_ID, etcd by its executable, everything else under the run is the emulator.</summary>
    public static string GroupOf(ProcessInfo process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.AppId is { Length: > 0 } appId)
        {
            return App(appId);
        }

        return process.Args.Count > 0 && Path.GetFileName(process.Args[0]) == "etcd" ? Etcd : Emulator;
    }

    private static ProcessInfo? RootOf(ProcessInfo process, Dictionary<int, ProcessInfo> byPid)
    {
        ProcessInfo? root = null;
        for (var current = byPid.GetValueOrDefault(process.ParentPid); current is not null; current = byPid.GetValueOrDefault(current.ParentPid))
        {
            if (NamesEmulator(current))
            {
                root = current;
            }

            if (current.ParentPid == current.Pid)
            {
                break;
            }
        }

        return root;
    }

    private static bool NamesEmulator(ProcessInfo process) =>
        process.Args.Any(a => a.Contains("DaprEmulator", StringComparison.Ordinal));
}
