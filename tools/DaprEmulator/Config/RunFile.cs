namespace DaprSupport.DaprEmulator.Config;

/// <summary>One app of a multi-app run file, with the <c>common</c> section already applied.</summary>
public sealed record RunFileApp(
    string AppId,
    string AppDirPath,
    int? AppPort,
    string AppProtocol,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> ResourcesPaths,
    string? ConfigFilePath,
    string AppHealthCheckPath,
    bool EnableAppHealthCheck,
    int? DaprHttpPort,
    int? DaprGrpcPort,
    int? AppHealthProbeIntervalSeconds = null,
    int? AppHealthProbeTimeoutMilliseconds = null,
    int? AppHealthThreshold = null,
    int? MetricsPort = null,
    int? AppMaxConcurrency = null);

/// <summary>A multi-app run file (<c>dapr run -f</c>), version 1.</summary>
public sealed record RunFile(string Path, IReadOnlyList<RunFileApp> Apps);

/// <summary>Running several run files as one.</summary>
public static class RunFiles
{
    /// <summary>
    /// The apps of <paramref name="others"/> beside those of <paramref name="first"/>: what several <c>dapr run -f</c>
    /// on one machine amount to (they share Kafka, the state stores and the placement service; each app keeps its own
    /// resources paths and settings). The first file stays the run's file (its folder holds the emulator's state).
    /// </summary>
    public static RunFile Combine(RunFile first, IEnumerable<RunFile> others)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(others);
        var apps = first.Apps.ToList();
        foreach (var other in others)
        {
            foreach (var app in other.Apps)
            {
                if (apps.Any(a => string.Equals(a.AppId, app.AppId, StringComparison.Ordinal)))
                {
                    throw new EmulatorConfigurationException(
                        $"App id '{app.AppId}' of {other.Path} is already an app of the run.");
                }

                apps.Add(app);
            }
        }

        return first with { Apps = apps };
    }
}
