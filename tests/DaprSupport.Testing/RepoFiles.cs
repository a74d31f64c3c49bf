using System.Text.RegularExpressions;

namespace DaprSupport.Testing;

/// <summary>The repository's own files, so fixtures run with the component definitions that ship.</summary>
public static partial class RepoFiles
{
    /// <summary>The etcd endpoint components/statestore.yaml names (the project's etcd port, off Dapr's 2379).</summary>
    public const string StateStoreEndpoint = "localhost:12379";

    /// <summary>The folder holding DaprSupport.slnx, found upwards from the test output.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DaprSupport.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("DaprSupport.slnx not found above the test output.");
    }

    /// <summary>
    /// components/statestore.yaml as shipped (type, version, actorStateStore, everything else) pointed at a test etcd
    /// and a key prefix path of its own, so tests share no keys.
    /// </summary>
    public static string StateStoreComponent(string etcdEndpoint)
    {
        var yaml = File.ReadAllText(Path.Combine(Root(), "components", "statestore.yaml"));
        if (!yaml.Contains(StateStoreEndpoint, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"components/statestore.yaml no longer names {StateStoreEndpoint}; update RepoFiles.");
        }

        yaml = yaml.Replace(StateStoreEndpoint, etcdEndpoint, StringComparison.Ordinal);
        return KeyPrefixPathValue().Replace(yaml, m => $"{m.Groups[1].Value}\"tests-{Guid.NewGuid():N}\"", 1);
    }

    [GeneratedRegex(@"(- name: keyPrefixPath\s*\n\s*value:\s*)""[^""]*""")]
    private static partial Regex KeyPrefixPathValue();
}
