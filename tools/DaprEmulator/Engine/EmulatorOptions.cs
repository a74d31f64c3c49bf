using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>How an emulator is started, by the CLI or in-process by tests.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Folders with Component, Resiliency, Subscription and Configuration YAML.</summary>
    public IList<string> ResourcesPaths { get; } = [];

    /// <summary>The Dapr Configuration file (tracing, features); optional.</summary>
    public string? ConfigFilePath { get; set; }

    /// <summary>Where relative file paths in component metadata (sqlite) resolve; the current directory if null.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// Where each app's sidecar runs, by app-id (under <c>dapr run -f</c>: the app's <c>appDirPath</c>); relative sqlite
    /// database paths resolve there for that app, as each daprd opens them from its own working directory.
    /// </summary>
    public IDictionary<string, string> AppDirectories { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long a sidecar waits for its app to open its port.</summary>
    public TimeSpan AppStartTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Actor idle timeout when the app's /dapr/config does not set one (daprd's default is 60 minutes).</summary>
    public TimeSpan DefaultActorIdleTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Partitions of each auto-created Kafka topic (the broker's <c>num.partitions</c>).</summary>
    public int KafkaPartitions { get; set; } = 8;

    /// <summary>Partitions of declared Kafka topics, by topic (from <c>KafkaTopic</c> manifests); others get <see cref="KafkaPartitions"/>.</summary>
    public IDictionary<string, int> KafkaTopics { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>The namespace of every app (self-hosted daprd reads <c>NAMESPACE</c>, default <c>default</c>): part of a caller's SPIFFE id.</summary>
    public string Namespace { get; set; } = Environment.GetEnvironmentVariable("NAMESPACE") is { Length: > 0 } ns ? ns : "default";

    /// <summary>Test hook: wraps each state store as it is created (to inject failures or delays).</summary>
    internal Func<State.IStateStore, State.IStateStore>? StateStoreDecorator { get; set; }
}
