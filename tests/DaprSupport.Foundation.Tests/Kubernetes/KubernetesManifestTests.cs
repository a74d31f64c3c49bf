using DaprSupport.Foundation.Tests.Drift;
using static DaprSupport.Foundation.Tests.Kubernetes.RenderedManifests;

namespace DaprSupport.Foundation.Tests.Kubernetes;

/// <summary>
/// What `kubectl apply -k` would create is ready for production, from the base and from each overlay: every
/// Deployment has its Dapr annotations, probes, resources, the restricted security context and a drain longer than
/// daprd's; PDBs and autoscalers cover the apps. Each overlay differs where it must: prod pins its image tags, dev runs
/// one replica of each app without an autoscaler, and neither runs in ASP.NET Core's Development environment.
/// </summary>
public sealed class KubernetesManifestTests
{
    public const string Base = "deploy/k8s/base";
    public const string Dev = "deploy/k8s/overlays/dev";
    public const string Prod = "deploy/k8s/overlays/prod";

    public static TheoryData<string> Kustomizations => new() { Base, Dev, Prod, "deploy/k8s/monitoring" };

    public static TheoryData<string> Deployables => new() { Base, Dev, Prod };

    public static TheoryData<string> Overlays => new() { Dev, Prod };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_kustomization_renders(string dir)
    {
        var manifests = await RenderAsync(dir);

        Assert.NotEmpty(manifests);
        Assert.All(manifests, m => Assert.Equal("daprsupport", YamlTree.At(m, "metadata", "namespace") as string ?? (Kind(m) == "Namespace" ? "daprsupport" : null)));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task Every_deployment_is_ready_for_production(string dir)
    {
        var deployments = Deployments(await RenderAsync(dir));

        Assert.Equal(3, deployments.Count);
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
                Assert.True(YamlTree.At(container, probe, "httpGet", "path") is "/alive" or "/health", $"{dir} {name} {probe}");
            }

            Assert.NotNull(YamlTree.At(container, "resources", "requests", "cpu"));
            Assert.NotNull(YamlTree.At(container, "resources", "requests", "memory"));
            Assert.NotNull(YamlTree.At(container, "resources", "limits", "memory"));
            Assert.Equal("false", YamlTree.At(container, "securityContext", "allowPrivilegeEscalation"));
            Assert.Equal("true", YamlTree.At(container, "securityContext", "readOnlyRootFilesystem"));
            Assert.NotNull(YamlTree.At(container, "lifecycle", "preStop"));
            Assert.Contains(EnvNames(container), n => n == "OTEL_EXPORTER_OTLP_ENDPOINT");
            Assert.NotEqual("Development", Env(container, "ASPNETCORE_ENVIRONMENT"));
        });
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task Every_app_has_a_disruption_budget(string dir)
    {
        var manifests = await RenderAsync(dir);

        Assert.Equal(Deployments(manifests).Select(Name).ToHashSet(), manifests.Where(m => Kind(m) == "PodDisruptionBudget")
            .Select(p => YamlTree.At(p, "spec", "selector", "matchLabels", "app.kubernetes.io/name") as string).ToHashSet());
    }

    [Theory]
    [InlineData(Base)]
    [InlineData(Prod)]
    public async Task The_gateway_and_sessions_autoscale_from_two_replicas_up(string dir)
    {
        var manifests = await RenderAsync(dir);

        var autoscalers = manifests.Where(m => Kind(m) == "HorizontalPodAutoscaler").ToList();
        var scaled = autoscalers.Select(h => YamlTree.At(h, "spec", "scaleTargetRef", "name") as string).ToHashSet();
        Assert.Equal(new HashSet<string?> { "gateway", "sessions" }, scaled);
        Assert.All(autoscalers, h => Assert.True(int.Parse((string)YamlTree.At(h, "spec", "minReplicas")!) >= 2, Name(h)));
        Assert.All(Deployments(manifests).Where(d => scaled.Contains(Name(d))), d => Assert.Null(YamlTree.At(d, "spec", "replicas")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_names_a_tagged_image_of_each_app(string dir)
    {
        var deployments = Deployments(await RenderAsync(dir));

        Assert.All(deployments, d =>
        {
            var image = (string)YamlTree.At(d, "spec", "template", "spec", "containers", "0", "image")!;
            Assert.EndsWith($"daprsupport/{Name(d)}", Repository(image), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(Tag(image)), $"{dir}: {image} has no tag");
        });
    }

    [Fact]
    public async Task Prod_pins_its_image_tags_and_keeps_production_settings()
    {
        var deployments = Deployments(await RenderAsync(Prod));

        Assert.All(deployments, d =>
        {
            var container = YamlTree.At(d, "spec", "template", "spec", "containers", "0");
            var tag = Tag((string)YamlTree.At(container, "image")!);
            Assert.Matches(@"^\d+\.\d+\.\d+$", tag);
            Assert.Equal("Production", Env(container, "ASPNETCORE_ENVIRONMENT"));
            Assert.Equal("0.1", Env(container, "OTEL_TRACES_SAMPLER_ARG"));
            // The apps without an autoscaler run 3 replicas; the autoscaled ones leave replicas to their HPA.
            Assert.Contains(YamlTree.At(d, "spec", "replicas") as string, new[] { "3", null });
        });
    }

    [Fact]
    public async Task Dev_runs_one_replica_of_each_app_without_autoscalers_and_samples_every_trace()
    {
        var manifests = await RenderAsync(Dev);

        Assert.DoesNotContain(manifests, m => Kind(m) == "HorizontalPodAutoscaler");
        Assert.All(Deployments(manifests), d =>
        {
            var container = YamlTree.At(d, "spec", "template", "spec", "containers", "0");
            Assert.Equal("1", YamlTree.At(d, "spec", "replicas"));
            Assert.Equal("Staging", Env(container, "ASPNETCORE_ENVIRONMENT"));
            Assert.Equal("1", Env(container, "OTEL_TRACES_SAMPLER_ARG"));
        });
        Assert.All(manifests.Where(m => Kind(m) == "KafkaTopic"), t => Assert.Equal("1", YamlTree.At(t, "spec", "replicas")));
    }

    [Fact]
    public async Task The_overlays_differ_from_each_other_in_resources()
    {
        var dev = Deployments(await RenderAsync(Dev)).ToDictionary(d => Name(d)!, MemoryLimit);
        var prod = Deployments(await RenderAsync(Prod)).ToDictionary(d => Name(d)!, MemoryLimit);

        Assert.All(dev, entry => Assert.NotEqual(entry.Value, prod[entry.Key]));
    }

    /// <summary>
    /// Tenant configuration (issue 12): the HMAC keys reach every replica that reads or signs configuration (gateway,
    /// sessions) from one Secret, and the platform key reaches the gateway from a Secret — never a value in a
    /// manifest. Every Secret a Deployment names is one the README tells the operator to create.
    /// </summary>
    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task The_configuration_signing_keys_and_the_platform_key_come_from_secrets(string dir)
    {
        var containers = Deployments(await RenderAsync(dir))
            .ToDictionary(d => Name(d)!, d => YamlTree.At(d, "spec", "template", "spec", "containers", "0"));
        var readme = File.ReadAllText(Path.Combine(RepoSnapshot.Root, "README.md"));

        Assert.Contains("tenant-config-signing", SecretRefs(containers["gateway"]));
        Assert.Contains("tenant-config-signing", SecretRefs(containers["sessions"]));
        Assert.Contains("tenant-config-signing", SecretRefs(containers["agents"]));
        Assert.Equal(("platform-key", "key"), SecretKeyRef(containers["gateway"], "Platform__Key"));
        Assert.Null(Env(containers["gateway"], "Platform__Key"));
        Assert.All(containers.Values.SelectMany(SecretRefs).Distinct(), secret => Assert.Contains($"`{secret}`", readme));
    }

    private static List<object?> Deployments(IReadOnlyList<object?> manifests) => [.. manifests.Where(m => Kind(m) == "Deployment")];

    private static string? MemoryLimit(object? deployment) =>
        YamlTree.At(deployment, "spec", "template", "spec", "containers", "0", "resources", "limits", "memory") as string;

    private static string Repository(string image) => image.LastIndexOf(':') is var i and > 0 && i > image.LastIndexOf('/') ? image[..i] : image;

    private static string Tag(string image) => image.Length > Repository(image).Length ? image[(Repository(image).Length + 1)..] : string.Empty;

    private static IEnumerable<string> SecretRefs(object? container) =>
        (YamlTree.At(container, "envFrom") as IList<object?> ?? [])
            .Select(e => YamlTree.At(e, "secretRef", "name") as string).OfType<string>();

    private static (string? Secret, string? Key) SecretKeyRef(object? container, string name) =>
        (YamlTree.At(container, "env") as IList<object?> ?? []).Where(e => YamlTree.At(e, "name") as string == name)
            .Select(e => (YamlTree.At(e, "valueFrom", "secretKeyRef", "name") as string,
                YamlTree.At(e, "valueFrom", "secretKeyRef", "key") as string))
            .SingleOrDefault();

    private static IEnumerable<string?> EnvNames(object? container) =>
        (YamlTree.At(container, "env") as IList<object?> ?? []).Select(e => YamlTree.At(e, "name") as string);

    private static string? Env(object? container, string name) =>
        (YamlTree.At(container, "env") as IList<object?> ?? []).Where(e => YamlTree.At(e, "name") as string == name)
            .Select(e => YamlTree.At(e, "value") as string).SingleOrDefault();
}
