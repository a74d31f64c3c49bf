using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.Config;

/// <summary>Reads <c>dapr.yaml</c> as the Dapr CLI does: relative paths resolve against the file's folder.</summary>
public static class RunFileLoader
{
    public static RunFile Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new EmulatorConfigurationException($"Run file '{path}' does not exist.");
        }

        var baseDir = Path.GetDirectoryName(full)!;
        var root = YamlDocuments.ReadAll(full).FirstOrDefault() as JsonObject
                   ?? throw new EmulatorConfigurationException($"{full}: empty run file.");
        var version = root["version"]?.ToString();
        if (version != "1")
        {
            throw new EmulatorConfigurationException($"{full}: unsupported run file version '{version}' (expected 1).");
        }

        var common = root["common"] as JsonObject ?? [];
        var apps = root["apps"] as JsonArray ?? throw new EmulatorConfigurationException($"{full}: no apps.");
        var result = new List<RunFileApp>();
        foreach (var node in apps)
        {
            if (node is not JsonObject app)
            {
                continue;
            }

            // The CLI merges `common` into each app field by field where the app's value is Go's zero value
            // (mergeCommonAndAppsSharedRunConfig): an app's `false`, `0` or "" is replaced by common's.
            string? Str(string key) => app[key]?.ToString() is { Length: > 0 } own ? own : common[key]?.ToString();
            int? Int(string key) => int.TryParse(app[key]?.ToString(), out var own) && own != 0 ? own
                : int.TryParse(common[key]?.ToString(), out var shared) ? shared : null;
            bool Flag(string key) => IsTrue(app[key]) || IsTrue(common[key]);
            var appId = Str("appID") ?? throw new EmulatorConfigurationException($"{full}: an app has no appID.");
            var appDir = Path.GetFullPath(Path.Combine(baseDir, Str("appDirPath") ?? "."));
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in new[] { common["env"], app["env"] })
            {
                if (source is JsonObject e)
                {
                    foreach (var (k, v) in e)
                    {
                        env[k] = v?.ToString() ?? string.Empty;
                    }
                }
            }

            var resources = ReadPaths(app, baseDir) ?? ReadPaths(common, baseDir) ?? [];
            var config = Str("configFilePath") is { } c ? Path.GetFullPath(Path.Combine(baseDir, c)) : null;
            var command = (app["command"] as JsonArray)?.Select(n => n?.ToString() ?? string.Empty).ToList() ?? [];
            result.Add(new RunFileApp(
                appId,
                appDir,
                Int("appPort"),
                Str("appProtocol") ?? "http",
                command,
                env,
                resources,
                config,
                Str("appHealthCheckPath") ?? "/healthz",
                Flag("enableAppHealthCheck"),
                Int("daprHTTPPort"),
                Int("daprGRPCPort"),
                Int("appHealthProbeInterval"),
                Int("appHealthProbeTimeout"),
                Int("appHealthThreshold"),
                OwnInt(app, "metricsPort"),
                Int("appMaxConcurrency")));
        }

        // The CLI does not refuse an appID named twice (runfileconfig validateRunConfig): each entry is one more
        // instance of that app, with its own daprd.
        return new RunFile(full, result);
    }

    /// <summary>
    /// A field of the app's own (<c>RunConfig</c>, not <c>SharedRunConfig</c>): <c>common</c> does not reach it, and a
    /// value ≤ 0 is unset (the CLI then takes a free port, pkg/standalone/run.go <c>validatePort</c>).
    /// </summary>
    private static int? OwnInt(JsonObject app, string key) =>
        int.TryParse(app[key]?.ToString(), out var value) && value > 0 ? value : null;

    private static bool IsTrue(JsonNode? node) => bool.TryParse(node?.ToString(), out var value) && value;

    private static List<string>? ReadPaths(JsonObject section, string baseDir)
    {
        if (section["resourcesPaths"] is JsonArray many)
        {
            return [.. many.Select(p => Path.GetFullPath(Path.Combine(baseDir, p!.ToString())))];
        }

        return section["resourcesPath"]?.ToString() is { } one ? [Path.GetFullPath(Path.Combine(baseDir, one))] : null;
    }
}
