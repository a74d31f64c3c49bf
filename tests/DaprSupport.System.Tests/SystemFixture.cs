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
/// The whole system as the README's run command starts it: the real dapr.yaml and components/, the five services
/// launched by their dapr.yaml commands under the emulator, and a real etcd started by the run. Only ports are
/// moved to free ones (and the etcd endpoint with them) so runs never collide. The run's shell environment carries
/// a DAPR_API_TOKEN and an APP_API_TOKEN, as <c>dapr run -f</c> would pass exported ones to every daprd and app.
/// </summary>
public sealed partial class SystemFixture : IAsyncLifetime
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("daprsupport-system-").FullName;
    private MultiAppRun? _run;

    public EmulatorHost Host => _run?.Host ?? throw new InvalidOperationException("Not started.");

    public Sidecar Sidecar(string appId) => Host.FindSidecar(appId) ?? throw new InvalidOperationException($"No app {appId}.");

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

    /// <summary>The tokens of the run (one pair shared by every app, as exported variables are).</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ApiTokens.DaprApiTokenVariable] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        [ApiTokens.AppApiTokenVariable] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
    };

    public async Task InitializeAsync()
    {
        var root = RepoRoot();
        var original = RunFileLoader.Load(Path.Combine(root, "dapr.yaml"));
        var components = Path.Combine(_workDir, "components");
        Directory.CreateDirectory(components);
        var etcdPort = EtcdProcess.FreePort();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "components"), "*.yaml"))
        {
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(Path.Combine(components, Path.GetFileName(file)), text.Replace("localhost:2379", $"127.0.0.1:{etcdPort}", StringComparison.Ordinal));
        }

        var apps = original.Apps.Select(app =>
        {
            var port = EtcdProcess.FreePort();
            var command = app.Command.Select(arg => UrlsPort().Replace(arg, $"http://127.0.0.1:{port}")).ToList();
            return app with { AppPort = port, Command = command, ResourcesPaths = [components] };
        }).ToList();

        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        _run = await MultiAppRun.StartAsync(original with { Apps = apps }, new MultiAppRunOptions(StartLocalEtcd: true, StateDirectory: _workDir, Environment: Tokens), loggers, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _run.WaitUntilReadyAsync(cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }

        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DaprSupport.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("DaprSupport.sln not found above the test output.");
    }

    [GeneratedRegex(@"^http://127\.0\.0\.1:\d+$")]
    private static partial Regex UrlsPort();
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
