using System.Reflection;

namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// Topic scoping of the pub/sub components (read as daprd reads it: dapr/dapr pkg/scopes/scopes.go): the same locally
/// and on Kubernetes (but for external apps, which run only locally), naming only apps that have the component and
/// only contract topics, and protecting every contract topic so that an app gets only the topics it is given.
/// </summary>
public static class TopicScopeDrift
{
    public const string ProtectedTopics = "protectedTopics";
    public const string AllowedTopics = "allowedTopics";
    public const string PublishingScopes = "publishingScopes";
    public const string SubscriptionScopes = "subscriptionScopes";

    /// <summary>The topic values of <see cref="DaprSupport.Contracts.Topics"/> (not its metadata key names).</summary>
    public static IReadOnlySet<string> ContractTopics { get; } = typeof(DaprSupport.Contracts.Topics).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(DaprSupport.Contracts.Topics.PartitionKeyMetadata))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    public static IEnumerable<string> Check(RepoSnapshot repo)
    {
        var appIds = repo.RunFile.Apps.Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
        var external = repo.RunFile.Apps.Where(a => a.IsExternal).Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
        var k8s = repo.K8s.Components;
        foreach (var set in new[] { repo.Local, repo.K8s })
        {
            foreach (var component in set.OfKind("Component").Where(c => c.Text("spec", "type")?.StartsWith("pubsub.", StringComparison.Ordinal) == true))
            {
                foreach (var drift in Within(component, appIds))
                {
                    yield return drift;
                }
            }
        }

        foreach (var (name, local) in repo.Local.Components.Where(c => k8s.ContainsKey(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            foreach (var key in new[] { ProtectedTopics, AllowedTopics })
            {
                var (l, k) = (Topics(Metadata(local, key)), Topics(Metadata(k8s[name], key)));
                if (!l.SetEquals(k))
                {
                    yield return $"Component '{name}': {key} are [{Join(l)}] in {local.File} but [{Join(k)}] in {k8s[name].File}.";
                }
            }

            foreach (var key in new[] { PublishingScopes, SubscriptionScopes })
            {
                var l = Scoped(Metadata(local, key)).Where(e => !external.Contains(e.Key)).ToDictionary();
                var k = Scoped(Metadata(k8s[name], key));
                foreach (var app in l.Keys.Union(k.Keys).Order(StringComparer.Ordinal))
                {
                    var (lt, kt) = (l.GetValueOrDefault(app) ?? [], k.GetValueOrDefault(app) ?? []);
                    if (!lt.SetEquals(kt) || l.ContainsKey(app) != k.ContainsKey(app))
                    {
                        yield return $"Component '{name}': {key} give '{app}' [{Join(lt)}] in {local.File} but [{Join(kt)}] in {k8s[name].File}.";
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Within(Manifest component, HashSet<string> appIds)
    {
        var scopes = component.List("scopes").OfType<string>().ToHashSet(StringComparer.Ordinal);
        var protectedTopics = Topics(Metadata(component, ProtectedTopics));
        foreach (var missing in ContractTopics.Except(protectedTopics).Order(StringComparer.Ordinal))
        {
            yield return $"Component '{component.Name}' in {component.File} does not protect topic '{missing}' (protectedTopics), so any app with the component may use it.";
        }

        foreach (var key in new[] { PublishingScopes, SubscriptionScopes })
        {
            foreach (var (app, topics) in Scoped(Metadata(component, key)))
            {
                if (!appIds.Contains(app) || !scopes.Contains(app))
                {
                    yield return $"Component '{component.Name}' in {component.File}: {key} names '{app}', which is not an app-id of dapr.yaml in the component's scopes.";
                }

                foreach (var topic in topics.Where(t => t.Length > 0 && !ContractTopics.Contains(t)).Order(StringComparer.Ordinal))
                {
                    yield return $"Component '{component.Name}' in {component.File}: {key} gives '{app}' topic '{topic}', which is no Contracts Topics value.";
                }
            }
        }

        foreach (var topic in protectedTopics.Union(Topics(Metadata(component, AllowedTopics))).Where(t => !ContractTopics.Contains(t)).Order(StringComparer.Ordinal))
        {
            yield return $"Component '{component.Name}' in {component.File} names topic '{topic}', which is no Contracts Topics value.";
        }
    }

    private static string? Metadata(Manifest component, string name) => component.List("spec", "metadata")
        .Where(m => string.Equals(YamlTree.Text(m, "name"), name, StringComparison.OrdinalIgnoreCase))
        .Select(m => YamlTree.Text(m, "value"))
        .FirstOrDefault();

    /// <summary><c>t1,t2</c> as daprd splits it (spaces removed).</summary>
    private static HashSet<string> Topics(string? value) =>
        string.IsNullOrEmpty(value) ? [] : [.. value.Replace(" ", string.Empty, StringComparison.Ordinal).Split(',')];

    /// <summary><c>app1=t1,t2;app2=</c> as daprd splits it: entries without <c>=</c> are ignored, an app may appear twice.</summary>
    private static Dictionary<string, HashSet<string>> Scoped(string? value)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(value))
        {
            return result;
        }

        foreach (var parts in value.Replace(" ", string.Empty, StringComparison.Ordinal).Split(';').Select(e => e.Split('=')).Where(p => p.Length >= 2))
        {
            if (!result.TryGetValue(parts[0], out var topics))
            {
                result[parts[0]] = topics = new HashSet<string>(StringComparer.Ordinal);
            }

            topics.UnionWith(parts[1].Split(','));
        }

        return result;
    }

    private static string Join(IEnumerable<string> values) => string.Join(", ", values.Order(StringComparer.Ordinal));
}
