using System.Text;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>Component YAML for each state store type the emulator runs, so one test can cover them all.</summary>
internal static class StateStoreKinds
{
    public const string Etcd = "etcd";
    public const string Sqlite = "sqlite";
    public const string InMemory = "in-memory";

    public static TheoryData<string> All => new(Etcd, Sqlite, InMemory);

    /// <summary>A state store component of the kind; etcd points at the fixture's server with a per-test key prefix path.</summary>
    public static string Component(string kind, string name, EtcdFixture etcd, IReadOnlyDictionary<string, string>? metadata = null, params string[] scopes)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        var (type, version) = kind switch
        {
            Etcd => ("state.etcd", "v2"),
            Sqlite => ("state.sqlite", "v1"),
            InMemory => ("state.in-memory", "v1"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (kind == Etcd)
        {
            all["endpoints"] = etcd.Endpoint;
            all["keyPrefixPath"] = "/tests-" + Guid.NewGuid().ToString("N");
        }
        else if (kind == Sqlite)
        {
            all["connectionString"] = name + ".db";
        }

        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }

        var yaml = new StringBuilder($"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: {name}
            spec:
              type: {type}
              version: {version}
              metadata:

            """);
        foreach (var (k, v) in all)
        {
            yaml.Append($"  - name: {k}\n    value: \"{v}\"\n");
        }

        if (scopes.Length > 0)
        {
            yaml.Append($"scopes: [ {string.Join(", ", scopes)} ]\n");
        }

        return yaml.ToString();
    }

    /// <summary>A state.etcd component of the given schema version (v1 or v2) under its own key prefix path.</summary>
    public static string EtcdComponent(string name, EtcdFixture etcd, string version, IReadOnlyDictionary<string, string>? metadata = null) =>
        Component(Etcd, name, etcd, metadata).Replace("version: v2", $"version: {version}", StringComparison.Ordinal);

    public static string NewKey() => "k-" + Guid.NewGuid().ToString("N");

    /// <summary>Polls until the condition holds or the deadline passes (for TTL expiry, which nothing signals).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return await condition();
    }
}
