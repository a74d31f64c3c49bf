using DaprSupport.Foundation.Tests.Drift;
using static DaprSupport.Foundation.Tests.Kubernetes.RenderedManifests;

namespace DaprSupport.Foundation.Tests.Kubernetes;

/// <summary>
/// What `kubectl apply -k` would create is ready for production: every Deployment has its Dapr annotations, probes,
/// resources, the restricted security context and a drain longer than daprd's; PDBs and autoscalers cover the apps.
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Kustomizations => new() { "deploy/k8s", "deploy/k8s/monitoring" };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_kustomization_renders(string dir)
    {
        var manifests = await RenderAsync(dir);

        Assert.NotEmpty(manifests);
        Assert.All(manifests, m => Assert.Equal("daprsupport", YamlTree.At(m, "metadata", "namespace") as string ?? (Kind(m) == "Namespace" ? "daprsupport" : null)));
    }

    [Fact]
    public async Task Every_deployment_is_ready_for_production()
    {
        var manifests = await RenderAsync("deploy/k8s");
        var deployments = manifests.Where(m => Kind(m) == "Deployment").ToList();

        Assert.Equal(5, deployments.Count);
        Assert.All(deployments, d =>
        {
            var name = Name(d)!;
            var pod = YamlTree.At(d, "spec", "template", "spec");
            string? Annotation(string key) => YamlTree.At(d, "spec", "template", "metadata", "annotations", key) as string;
            Assert.Equal("true", Annotation("dapr.io/enabled"));
            Assert.Equal(name, Annotation("dapr.io/app-id"));
            Assert.Equal("daprsupport", Annotation("dapr.io/config"));
            Assert.Equal("true", Annotation("dapr.io/enable-metrics"));
            Assert.Equal("RuntimeDefault", YamlTree.At(pod, "securityContext", "seccompProfile", "type"));
            Assert.Equal("true", YamlTree.At(pod, "securityContext", "runAsNonRoot"));
            Assert.NotNull(YamlTree.At(pod, "topologySpreadConstraints", "0"));
            var container = YamlTree.At(pod, "containers", "0");
            foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
            {
                Assert.True(YamlTree.At(container, probe, "httpGet", "path") is "/alive" or "/health", $"{name} {probe}");
            }

            Assert.NotNull(YamlTree.At(container, "resources", "requests", "cpu"));
            Assert.NotNull(YamlTree.At(container, "resources", "limits", "memory"));
            Assert.Equal("false", YamlTree.At(container, "securityContext", "allowPrivilegeEscalation"));
            Assert.Equal("true", YamlTree.At(container, "securityContext", "readOnlyRootFilesystem"));
            Assert.NotNull(YamlTree.At(container, "lifecycle", "preStop"));
            Assert.Contains(EnvNames(container), n => n == "OTEL_EXPORTER_OTLP_ENDPOINT");
        });
    }

    [Fact]
    public async Task Every_app_has_a_disruption_budget_and_the_gateway_and_sessions_autoscale()
    {
        var manifests = await RenderAsync("deploy/k8s");
        var apps = manifests.Where(m => Kind(m) == "Deployment").Select(Name).ToHashSet();

        Assert.Equal(apps, manifests.Where(m => Kind(m) == "PodDisruptionBudget")
            .Select(p => YamlTree.At(p, "spec", "selector", "matchLabels", "app.kubernetes.io/name") as string).ToHashSet());
        var scaled = manifests.Where(m => Kind(m) == "HorizontalPodAutoscaler")
            .Select(h => YamlTree.At(h, "spec", "scaleTargetRef", "name") as string).ToHashSet();
        Assert.Equal(new HashSet<string?> { "gateway", "sessions" }, scaled);
        Assert.All(manifests.Where(m => Kind(m) == "Deployment" && scaled.Contains(Name(m))),
            d => Assert.Null(YamlTree.At(d, "spec", "replicas")));
    }

    private static IEnumerable<string?> EnvNames(object? container) =>
        (YamlTree.At(container, "env") as IList<object?> ?? []).Select(e => YamlTree.At(e, "name") as string);
}
