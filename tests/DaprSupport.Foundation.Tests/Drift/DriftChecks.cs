using System.Reflection;
using DaprSupport.Contracts;

namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// Each check compares dapr.yaml, components/, deploy/k8s/base/ and the Contracts constants, and returns one message per
/// drift that says what differs, where, and the two values.
/// </summary>
public static class DriftChecks
{
    public const string Namespace = "daprsupport";

    public static IEnumerable<string> ComponentNames(RepoSnapshot repo)
    {
        var local = repo.Local.Components;
        var k8s = repo.K8s.Components;
        foreach (var name in local.Keys.Except(k8s.Keys).Order(StringComparer.Ordinal))
        {
            yield return $"Component '{name}' is in {local[name].File} but no {RepoSnapshot.K8sDir}/ file defines it.";
        }

        foreach (var name in k8s.Keys.Except(local.Keys).Order(StringComparer.Ordinal))
        {
            yield return $"Component '{name}' is in {k8s[name].File} but no components/ file defines it.";
        }
    }

    public static IEnumerable<string> ComponentTypes(RepoSnapshot repo, IReadOnlyList<AllowedTypeDifference> allowed)
    {
        foreach (var (name, local, k8s) in CommonComponents(repo))
        {
            var localType = local.Text("spec", "type");
            var k8sType = k8s.Text("spec", "type");
            var exception = allowed.FirstOrDefault(a => a.Component == name);
            if (exception is null)
            {
                if (localType != k8sType)
                {
                    yield return $"Component '{name}': type is '{localType}' in {local.File} but '{k8sType}' in {k8s.File} (only {string.Join(", ", allowed.Select(a => a.Component))} may differ).";
                }

                if (local.Text("spec", "version") != k8s.Text("spec", "version"))
                {
                    yield return $"Component '{name}': version is '{local.Text("spec", "version")}' in {local.File} but '{k8s.Text("spec", "version")}' in {k8s.File}.";
                }
            }
            else if (localType != exception.LocalType || k8sType != exception.K8sType)
            {
                yield return $"Component '{name}': allowed difference is {exception.LocalType} locally → {exception.K8sType} in k8s, but {local.File} has '{localType}' and {k8s.File} has '{k8sType}'.";
            }
        }
    }

    public static IEnumerable<string> ComponentScopes(RepoSnapshot repo)
    {
        var appIds = repo.RunFile.Apps.Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
        var external = repo.RunFile.Apps.Where(a => a.IsExternal).Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, local, k8s) in CommonComponents(repo))
        {
            // External apps (samples/) run only locally, so only the local scopes name them.
            var localScopes = Scopes(local);
            localScopes.ExceptWith(external);
            var k8sScopes = Scopes(k8s);
            if (!localScopes.SetEquals(k8sScopes))
            {
                yield return $"Component '{name}': scopes are [{Join(localScopes)}] in {local.File} but [{Join(k8sScopes)}] in {k8s.File}.";
            }
        }

        foreach (var component in repo.Local.OfKind("Component").Concat(repo.K8s.OfKind("Component")))
        {
            foreach (var scope in Scopes(component).Where(s => !appIds.Contains(s)).Order(StringComparer.Ordinal))
            {
                yield return $"Component '{component.Name}' in {component.File} is scoped to '{scope}', which is no app-id of dapr.yaml.";
            }
        }
    }

    public static IEnumerable<string> AppIdSets(RepoSnapshot repo)
    {
        // External apps (appDirPath under samples/) are in dapr.yaml only; the project's own apps are everywhere.
        var external = repo.RunFile.Apps.Where(a => a.IsExternal).Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
        var sources = new (string Where, IReadOnlyCollection<string> Ids)[]
        {
            ("dapr.yaml appID", [.. repo.RunFile.Apps.Where(a => !a.IsExternal).Select(a => a.AppId)]),
            ($"{RepoSnapshot.K8sDir}/ dapr.io/app-id annotations", [.. repo.DaprDeployments.Select(d => d.AppId).Where(id => !external.Contains(id))]),
            ("Contracts AppIds.All", [.. AppIds.All]),
        };
        foreach (var duplicate in repo.RunFile.Apps.GroupBy(a => a.AppId, StringComparer.Ordinal).Where(g => g.Count() > 1 && g.Any(a => a.IsExternal)))
        {
            yield return $"App-id '{duplicate.Key}' appears {duplicate.Count()} times in dapr.yaml appID.";
        }

        foreach (var (where, ids) in sources)
        {
            foreach (var duplicate in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                yield return $"App-id '{duplicate.Key}' appears {duplicate.Count()} times in {where}.";
            }
        }

        var reference = sources[0];
        foreach (var (where, ids) in sources.Skip(1))
        {
            foreach (var missing in reference.Ids.Except(ids).Order(StringComparer.Ordinal))
            {
                yield return $"App-id '{missing}' is in {reference.Where} but not in {where}.";
            }

            foreach (var extra in ids.Except(reference.Ids).Order(StringComparer.Ordinal))
            {
                yield return $"App-id '{extra}' is in {where} but not in {reference.Where}.";
            }
        }
    }

    public static IEnumerable<string> AppPorts(RepoSnapshot repo)
    {
        var deployments = repo.DaprDeployments.ToDictionary(d => d.AppId, d => d.Deployment, StringComparer.Ordinal);
        foreach (var app in repo.RunFile.Apps)
        {
            if (app.AppPort is not { } port)
            {
                yield return $"App '{app.AppId}': dapr.yaml has no numeric appPort.";
                continue;
            }

            if (app.IsDotnet && Ports.OfUrl(app.Urls) != port)
            {
                yield return $"App '{app.AppId}': dapr.yaml appPort is {port} but its command's --urls is '{app.Urls ?? "(none)"}'.";
            }

            if (!deployments.TryGetValue(app.AppId, out var deployment))
            {
                continue;
            }

            var annotation = Ports.Parse(Annotations(deployment).GetValueOrDefault("dapr.io/app-port"));
            if (annotation != port)
            {
                yield return $"App '{app.AppId}': dapr.yaml appPort is {port} but dapr.io/app-port in {deployment.File} is {Show(annotation)}.";
            }

            var container = AppContainer(deployment);
            var containerPorts = YamlTree.List(container, "ports").Select(p => Ports.Parse(YamlTree.Text(p, "containerPort"))).ToList();
            if (!containerPorts.Contains(port))
            {
                yield return $"App '{app.AppId}': dapr.yaml appPort is {port} but the container ports in {deployment.File} are [{string.Join(", ", containerPorts.Select(Show))}].";
            }

            var urls = EnvValue(container, "ASPNETCORE_URLS");
            if (app.IsDotnet && Ports.OfUrl(urls) != port)
            {
                yield return $"App '{app.AppId}': dapr.yaml appPort is {port} but ASPNETCORE_URLS in {deployment.File} is '{urls ?? "(unset)"}'.";
            }

            foreach (var service in repo.K8s.OfKind("Service").Where(s => s.Name == deployment.Name))
            {
                foreach (var servicePort in service.List("spec", "ports"))
                {
                    var target = YamlTree.Text(servicePort, "targetPort");
                    var named = YamlTree.List(container, "ports").FirstOrDefault(p => YamlTree.Text(p, "name") == target);
                    var resolved = named is null ? Ports.Parse(target) : Ports.Parse(YamlTree.Text(named, "containerPort"));
                    if (resolved != port)
                    {
                        yield return $"App '{app.AppId}': Service '{service.Name}' in {service.File} targets port '{target}' ({Show(resolved)}), not the app port {port}.";
                    }
                }
            }
        }
    }

    /// <summary>The Dapr annotations every Deployment must carry, with values taken from dapr.yaml where it has them.</summary>
    public static IReadOnlyDictionary<string, string?> RequiredAnnotations(RepoSnapshot repo, string configName) => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["dapr.io/enabled"] = "true",
        ["dapr.io/app-protocol"] = repo.RunFile.Common("appProtocol"),
        ["dapr.io/config"] = configName,
        ["dapr.io/enable-metrics"] = "true",
        ["dapr.io/metrics-port"] = null,
        ["dapr.io/app-health-check-path"] = repo.RunFile.Common("appHealthCheckPath"),
        ["dapr.io/enable-app-health-check"] = repo.RunFile.Common("enableAppHealthCheck"),
        ["dapr.io/app-max-concurrency"] = repo.RunFile.Common("appMaxConcurrency"),
    };

    public static IEnumerable<string> DeploymentAnnotations(RepoSnapshot repo)
    {
        var config = LocalConfigurationName(repo);
        var required = RequiredAnnotations(repo, config ?? string.Empty);
        if (repo.DaprDeployments.Count == 0)
        {
            yield return $"{RepoSnapshot.K8sDir}/ has no Deployment.";
        }

        foreach (var (appId, deployment) in repo.DaprDeployments)
        {
            var annotations = Annotations(deployment);
            foreach (var (key, expected) in required)
            {
                var actual = annotations.GetValueOrDefault(key) as string;
                if (actual is null)
                {
                    yield return $"App '{appId}': {deployment.File} lacks annotation {key}.";
                }
                else if (expected is not null && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"App '{appId}': annotation {key} in {deployment.File} is '{actual}' but should be '{expected}'.";
                }
                else if (expected is null && Ports.Parse(actual) is null)
                {
                    yield return $"App '{appId}': annotation {key} in {deployment.File} is '{actual}', not a port.";
                }
            }
        }
    }

    public static IEnumerable<string> Configuration(RepoSnapshot repo)
    {
        var local = LocalConfigurationName(repo);
        if (local is null)
        {
            yield return $"dapr.yaml common.configFilePath '{repo.RunFile.Common("configFilePath")}' names no Configuration in components/.";
            yield break;
        }

        var k8s = repo.K8s.OfKind("Configuration").ToList();
        if (!k8s.Any(c => c.Name == local))
        {
            yield return $"Configuration '{local}' (dapr.yaml configFilePath) has no {RepoSnapshot.K8sDir}/ counterpart; {RepoSnapshot.K8sDir}/ has [{string.Join(", ", k8s.Select(c => c.Name))}].";
        }

        foreach (var configuration in repo.Local.OfKind("Configuration").Concat(k8s).Where(c => c.Name == local))
        {
            if (configuration.Map("spec", "tracing").Count == 0)
            {
                yield return $"Configuration '{local}' in {configuration.File} has no spec.tracing.";
            }
        }
    }

    public static IEnumerable<string> ProbesAndResources(RepoSnapshot repo)
    {
        foreach (var (appId, deployment) in repo.DaprDeployments)
        {
            var container = AppContainer(deployment);
            foreach (var (probe, path) in new[] { ("readinessProbe", "/health"), ("livenessProbe", "/alive") })
            {
                var actual = YamlTree.Text(container, probe, "httpGet", "path");
                if (actual != path)
                {
                    yield return $"App '{appId}': {probe} in {deployment.File} probes '{actual ?? "(nothing)"}' instead of {path}.";
                }
            }

            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (YamlTree.Text(container, "resources", "requests", resource) is null)
                {
                    yield return $"App '{appId}': {deployment.File} requests no {resource}.";
                }
            }
        }
    }

    public static IEnumerable<string> ServicesSelectDeployments(RepoSnapshot repo)
    {
        foreach (var (appId, deployment) in repo.DaprDeployments)
        {
            var service = repo.K8s.OfKind("Service").FirstOrDefault(s => s.Name == deployment.Name);
            if (service is null)
            {
                yield return $"App '{appId}': Deployment '{deployment.Name}' ({deployment.File}) has no Service of the same name.";
                continue;
            }

            var labels = deployment.Map("spec", "template", "metadata", "labels");
            foreach (var (key, value) in service.Map("spec", "selector"))
            {
                if (!Equals(labels.GetValueOrDefault(key), value))
                {
                    yield return $"App '{appId}': Service selector {key}={value} in {service.File} does not match the pod label ({labels.GetValueOrDefault(key) ?? "absent"}).";
                }
            }
        }
    }

    public static IEnumerable<string> Resiliency(RepoSnapshot repo)
    {
        var local = repo.Local.OfKind("Resiliency").ToList();
        var k8s = repo.K8s.OfKind("Resiliency").ToList();
        foreach (var resiliency in local)
        {
            var counterpart = k8s.FirstOrDefault(r => r.Name == resiliency.Name);
            if (counterpart is null)
            {
                yield return $"Resiliency '{resiliency.Name}' ({resiliency.File}) has no {RepoSnapshot.K8sDir}/ counterpart.";
                continue;
            }

            foreach (var diff in YamlTree.Diff(YamlTree.At(resiliency.Root, "spec"), YamlTree.At(counterpart.Root, "spec"), "spec"))
            {
                yield return $"Resiliency '{resiliency.Name}' differs between {resiliency.File} and {counterpart.File} at {diff}.";
            }
        }

        foreach (var extra in k8s.Where(r => local.All(l => l.Name != r.Name)))
        {
            yield return $"Resiliency '{extra.Name}' ({extra.File}) has no components/ counterpart.";
        }
    }

    public static IEnumerable<string> ResiliencyTargets(RepoSnapshot repo)
    {
        var appIds = repo.RunFile.Apps.Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
        foreach (var set in new[] { repo.Local, repo.K8s })
        {
            var components = set.Components;
            foreach (var resiliency in set.OfKind("Resiliency"))
            {
                var policies = YamlTree.At(resiliency.Root, "spec", "policies");
                foreach (var (app, target) in resiliency.Map("spec", "targets", "apps"))
                {
                    if (!appIds.Contains(app))
                    {
                        yield return $"Resiliency '{resiliency.Name}' in {resiliency.File} targets app '{app}', which is no app-id of dapr.yaml.";
                    }

                    foreach (var drift in PolicyReferences(resiliency, $"apps.{app}", target, policies))
                    {
                        yield return drift;
                    }
                }

                foreach (var (component, target) in resiliency.Map("spec", "targets", "components"))
                {
                    if (!components.ContainsKey(component))
                    {
                        yield return $"Resiliency '{resiliency.Name}' in {resiliency.File} targets component '{component}', which {set.Label} does not define.";
                    }

                    foreach (var direction in new[] { "inbound", "outbound" })
                    {
                        foreach (var drift in PolicyReferences(resiliency, $"components.{component}.{direction}", YamlTree.At(target, direction), policies))
                        {
                            yield return drift;
                        }
                    }
                }
            }
        }
    }

    public static IEnumerable<string> ContractComponents(RepoSnapshot repo)
    {
        var names = typeof(Components).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (Field: f.Name, Value: (string)f.GetRawConstantValue()!));
        foreach (var (field, value) in names)
        {
            foreach (var set in new[] { repo.Local, repo.K8s })
            {
                if (!set.Components.ContainsKey(value))
                {
                    yield return $"Contracts Components.{field} = '{value}' but {set.Label} defines no component of that name.";
                }
            }
        }
    }

    public static IEnumerable<string> KustomizationAndNamespace(RepoSnapshot repo)
    {
        var listed = repo.Kustomization.List("resources").OfType<string>()
            .Select(r => $"{RepoSnapshot.K8sDir}/{r.TrimStart('.', '/')}")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in repo.K8sFiles.Where(f => !listed.Contains(f)))
        {
            yield return $"{file} is not listed in {repo.Kustomization.File} resources.";
        }

        foreach (var file in listed.Where(f => !repo.K8sFiles.Contains(f)).Order(StringComparer.Ordinal))
        {
            yield return $"{repo.Kustomization.File} lists {file}, which does not exist.";
        }

        if (repo.Kustomization.Text("namespace") != Namespace)
        {
            yield return $"{repo.Kustomization.File} namespace is '{repo.Kustomization.Text("namespace")}', not '{Namespace}'.";
        }

        if (!repo.K8s.OfKind("Namespace").Any(n => n.Name == Namespace))
        {
            yield return $"{RepoSnapshot.K8sDir}/ defines no Namespace '{Namespace}'.";
        }

        foreach (var manifest in repo.K8s.Manifests.Where(m => m.Kind != "Namespace" && m.Namespace != Namespace))
        {
            yield return $"{manifest} is in namespace '{manifest.Namespace ?? "(none)"}', not '{Namespace}'.";
        }
    }

    private static IEnumerable<string> PolicyReferences(Manifest resiliency, string target, object? node, object? policies)
    {
        foreach (var (field, kind) in new[] { ("timeout", "timeouts"), ("retry", "retries"), ("circuitBreaker", "circuitBreakers") })
        {
            var policy = YamlTree.Text(node, field);
            if (policy is not null && !YamlTree.Map(policies, kind).ContainsKey(policy))
            {
                yield return $"Resiliency '{resiliency.Name}' in {resiliency.File}: target {target} uses {field} '{policy}', which spec.policies.{kind} does not define.";
            }
        }
    }

    private static IEnumerable<(string Name, Manifest Local, Manifest K8s)> CommonComponents(RepoSnapshot repo)
    {
        var k8s = repo.K8s.Components;
        return repo.Local.Components
            .Where(kv => k8s.ContainsKey(kv.Key))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (kv.Key, kv.Value, k8s[kv.Key]));
    }

    private static HashSet<string> Scopes(Manifest component) => [.. component.List("scopes").OfType<string>()];

    private static IReadOnlyDictionary<string, object?> Annotations(Manifest deployment) =>
        deployment.Map("spec", "template", "metadata", "annotations");

    private static object? AppContainer(Manifest deployment) =>
        deployment.List("spec", "template", "spec", "containers").FirstOrDefault();

    private static string? EnvValue(object? container, string name) =>
        YamlTree.List(container, "env").Where(e => YamlTree.Text(e, "name") == name).Select(e => YamlTree.Text(e, "value")).FirstOrDefault();

    private static string? LocalConfigurationName(RepoSnapshot repo)
    {
        var path = repo.RunFile.Common("configFilePath")?.TrimStart('.', '/');
        return repo.Local.OfKind("Configuration").FirstOrDefault(c => c.File == path)?.Name;
    }

    private static string Join(IEnumerable<string> values) => string.Join(", ", values.Order(StringComparer.Ordinal));

    private static string Show(int? port) => port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)";
}
