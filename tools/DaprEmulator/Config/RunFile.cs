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
    int? AppHealthThreshold = null);

/// <summary>A multi-app run file (<c>dapr run -f</c>), version 1.</summary>
public sealed record RunFile(string Path, IReadOnlyList<RunFileApp> Apps);
