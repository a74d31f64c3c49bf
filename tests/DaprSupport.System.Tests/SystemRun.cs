using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapr.Actors.Client;
using Dapr.Client;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.DaprEmulator.Run;
using DaprSupport.ServiceDefaults;
using Microsoft.Extensions.Logging;

namespace DaprSupport.System.Tests;

/// <summary>
/// The whole system as the README's run command starts it: the real dapr.yaml and components/, the three services
/// launched by their dapr.yaml commands under the emulator, and a real etcd started by the run. Only ports are
/// moved to free ones (and the etcd endpoint with them) so runs never collide. The run's shell environment carries a
/// DAPR_API_TOKEN and an APP_API_TOKEN, as <c>dapr run -f</c> passes exported ones to every daprd and app. <see cref="StopAsync"/> and
/// <see cref="StartAgainAsync"/> restart everything on the same ports over the same data (etcd, the history file).
/// </summary>
public sealed partial class SystemRun : IAsyncDisposable
{
    private readonly string _workDir;
    private readonly RunFile _runFile;
    private MultiAppRun? _run;

    private SystemRun(string workDir, RunFile runFile)
    {
        _workDir = workDir;
        _runFile = runFile;
    }

    public EmulatorHost Host => _run?.Host ?? throw new InvalidOperationException("Not started.");

    /// <summary>The tokens of the run (one pair shared by every app, as exported variables are).</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ApiTokens.DaprApiTokenVariable] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        [ApiTokens.AppApiTokenVariable] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
    };

    public Sidecar Sidecar(string appId) => Host.FindSidecar(appId) ?? throw new InvalidOperationException($"No app {appId}.");

    /// <summary>A DaprClient on the app's sidecar, presenting the app's DAPR_API_TOKEN.</summary>
    public DaprClient ClientFor(string appId)
    {
        var env = Sidecar(appId).AppEnvironment;
        return new DaprClientBuilder().UseGrpcEndpoint(env["DAPR_GRPC_ENDPOINT"]).UseHttpEndpoint(env["DAPR_HTTP_ENDPOINT"])
            .UseDaprApiToken(env[ApiTokens.DaprApiTokenVariable]).Build();
    }

    /// <summary>An HttpClient that invokes <paramref name="targetAppId"/> through the caller's sidecar, as the SDK recommends.</summary>
    public HttpClient InvokeClient(string callerAppId, string targetAppId) =>
        DaprClient.CreateInvokeHttpClient(targetAppId, Sidecar(callerAppId).AppEnvironment["DAPR_HTTP_ENDPOINT"], Sidecar(callerAppId).Options.DaprApiToken);

    public IActorProxyFactory ActorsFor(string appId) =>
        new ActorProxyFactory(ActorHostExtensions.ProxyOptions(Sidecar(appId).AppEnvironment["DAPR_HTTP_ENDPOINT"], Sidecar(appId).Options.DaprApiToken));

    /// <summary>The (first) gateway's public base address (http://127.0.0.1:port).</summary>
    public Uri GatewayBase => GatewayBases[0];

    /// <summary>Every gateway replica's public base address, the first one first.</summary>
    public IReadOnlyList<Uri> GatewayBases =>
        [.. _runFile.Apps.Where(a => a.AppId == "gateway").Select(a => new Uri($"http://127.0.0.1:{a.AppPort}"))];

    /// <summary>A public skill group of tenant demo that no test agent serves: its sessions stay queued.</summary>
    public const string UnservedSkill = "nobody";

    /// <summary>The two public skill groups the Prometheus run's agents serve, one each.</summary>
    public static readonly string[] PrometheusSkills = ["prom-a", "prom-b"];

    /// <summary>Public skill groups of the sample service's conversations (one per test, served by no one else).</summary>
    public static readonly string[] SampleSkills = ["sample-events", "sample-api"];

    /// <summary>Visitors may only start sessions in a tenant's public skill groups (docs/security.md); these are the tests'.</summary>
    private static readonly Dictionary<string, string> TestSkillGroups = new(StringComparer.Ordinal)
    {
        [$"Tenants__demo__SkillGroups__{UnservedSkill}__Public"] = "true",
        ["Tenants__demo__SkillGroups__restart-sla__Public"] = "true",
        [$"Tenants__demo__SkillGroups__{PrometheusSkills[0]}__Public"] = "true",
        [$"Tenants__demo__SkillGroups__{PrometheusSkills[1]}__Public"] = "true",
        [$"Tenants__demo__SkillGroups__{SampleSkills[0]}__Public"] = "true",
        [$"Tenants__demo__SkillGroups__{SampleSkills[1]}__Public"] = "true",
    };

    /// <param name="env">Variables for every app, over the run file's.</param>
    /// <param name="replicas">
    /// How many instances of an app to run (one when not named): the run file gets that many entries of the app (same
    /// appID, own port), which <c>dapr run -f</c> runs as instances of one app, each with its own daprd.
    /// </param>
    /// <param name="beside">
    /// Apps of other run files to run beside the system (as <c>dapr-emulator run --with</c> does), given the (first)
    /// gateway's address; they keep their own resources paths.
    /// </param>
    public static async Task<SystemRun> StartAsync(
        IReadOnlyDictionary<string, string>? env = null, IReadOnlyDictionary<string, int>? replicas = null,
        Func<Uri, IEnumerable<RunFileApp>>? beside = null)
    {
        var workDir = Directory.CreateTempSubdirectory("daprsupport-system-").FullName;
        var root = RepoRoot();
        var original = RunFileLoader.Load(Path.Combine(root, "dapr.yaml"));
        var components = Path.Combine(workDir, "components");
        Directory.CreateDirectory(components);
        var etcdPort = LoopbackPorts.Free();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "components"), "*.yaml"))
        {
            // The run's own etcd, and its own history database instead of the repository's .dapr/history.db.
            var text = EtcdEndpoint().Replace(await File.ReadAllTextAsync(file), $"127.0.0.1:{etcdPort}")
                .Replace("file:../../.dapr/history.db", "file:" + Path.Combine(workDir, "history.db"), StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(components, Path.GetFileName(file)), text);
        }

        var replicated = original.Apps.SelectMany(app => Enumerable.Repeat(app, replicas?.GetValueOrDefault(app.AppId, 1) ?? 1));
        var apps = replicated.Select(app =>
        {
            var port = LoopbackPorts.Free();
            var command = app.Command.Select(arg => UrlsPort().Replace(arg, $"http://127.0.0.1:{port}")).ToList();
            var appEnv = new Dictionary<string, string>(app.Env, StringComparer.Ordinal);
            foreach (var (k, v) in TestSkillGroups.Concat(env ?? new Dictionary<string, string>()))
            {
                appEnv[k] = v;
            }

            return app with { AppPort = port, Command = command, ResourcesPaths = [components], Env = appEnv };
        }).ToList();

        var gateway = new Uri($"http://127.0.0.1:{apps.First(a => a.AppId == "gateway").AppPort}");
        var others = beside?.Invoke(gateway).ToList() ?? [];
        var runFile = RunFiles.Combine(original with { Apps = apps }, [new RunFile("beside", others)]);
        var system = new SystemRun(workDir, runFile);
        try
        {
            await system.StartCoreAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a stopped system again on the same ports, over the data it left (etcd, the history file).</summary>
    public Task StartAgainAsync() => _run is null ? StartCoreAsync() : throw new InvalidOperationException("Still running.");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private async Task StartCoreAsync()
    {
        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        _run = await MultiAppRun.StartAsync(_runFile, new MultiAppRunOptions(StartLocalEtcd: true, StateDirectory: _workDir, Environment: Tokens),
            loggers, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _run.WaitUntilReadyAsync(cts.Token);
    }

    /// <summary>Ends one instance of a replicated app, its process and then its sidecar (<see cref="MultiAppRun.StopInstanceAsync"/>).</summary>
    public Task StopInstanceAsync(Sidecar instance) =>
        (_run ?? throw new InvalidOperationException("Not started.")).StopInstanceAsync(instance, TimeSpan.FromSeconds(10));

    /// <summary>Kills the run's etcd (the data stays); apps and sidecars keep running and their etcd calls fail.</summary>
    public Task StopEtcdAsync() => (_run ?? throw new InvalidOperationException("Not started.")).Etcd.StopAsync();

    /// <summary>Starts the run's etcd again on its port, over its data.</summary>
    public Task StartEtcdAgainAsync() => (_run ?? throw new InvalidOperationException("Not started.")).Etcd.StartAgainAsync();

    /// <summary>Stops every app (as Ctrl+C in `dapr run -f` does), every sidecar and etcd; the data stays.</summary>
    public async Task StopAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
            _run = null;
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DaprSupport.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("DaprSupport.slnx not found above the test output.");
    }

    [GeneratedRegex(@"^http://127\.0\.0\.1:\d+$")]
    private static partial Regex UrlsPort();

    /// <summary>The loopback etcd endpoint of the local components, whatever port they name.</summary>
    [GeneratedRegex(@"(?<=name: endpoints\s*\n\s*value: ""?)localhost:\d+")]
    private static partial Regex EtcdEndpoint();
}
