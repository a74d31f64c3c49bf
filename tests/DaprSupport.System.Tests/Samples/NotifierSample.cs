using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.Testing;

namespace DaprSupport.System.Tests.Samples;

/// <summary>
/// The Node.js sample (samples/notifier) as its own run file declares it, on a free port and pointed at the run's
/// gateway — what <c>tools/dev.sh run --with samples/notifier/dapr.yaml</c> runs beside the system.
/// </summary>
public static class NotifierSample
{
    public const string AppId = "notifier";

    public static string Directory => Path.Combine(RepoFiles.Root(), "samples", "notifier");

    public static IEnumerable<RunFileApp> Apps(Uri gateway)
    {
        var runFile = RunFileLoader.Load(Path.Combine(Directory, "dapr.yaml"));
        return runFile.Apps.Select(app => app with
        {
            AppPort = LoopbackPorts.Free(),
            Env = new Dictionary<string, string>(app.Env, StringComparer.Ordinal)
            {
                ["SUPPORT_GATEWAY_URL"] = gateway.ToString().TrimEnd('/'),
            },
        });
    }
}
