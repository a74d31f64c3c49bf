using System.Net;
using DaprSupport.Foundation.Tests.Drift;
using DaprSupport.Gateway.Http;
using static DaprSupport.Foundation.Tests.Kubernetes.RenderedManifests;

namespace DaprSupport.Foundation.Tests.Kubernetes;

/// <summary>
/// The way in from outside, as `kubectl apply -k` creates it: an Ingress that routes exactly the paths clients use
/// to the gateway's Service (never /metrics, the health probes or the sidecar's routes), keeps a long-poll client on
/// the replica holding its cursor, and a gateway that believes the forwarded client address only from the pod network.
/// </summary>
public sealed class IngressTests
{
    private static readonly string[] ExactPaths = ["/", "/index.html", "/widget.js"];

    [Theory]
    [MemberData(nameof(KubernetesManifestTests.Deployables), MemberType = typeof(KubernetesManifestTests))]
    public async Task The_ingress_routes_exactly_the_client_paths_to_the_gateway(string dir)
    {
        var manifests = await RenderAsync(dir);
        var ingress = Assert.Single(manifests, m => Kind(m) == "Ingress");
        var paths = (YamlTree.At(ingress, "spec", "rules", "0", "http", "paths") as IList<object?>)!;
        var servicePorts = (YamlTree.At(manifests.Single(m => Kind(m) == "Service" && Name(m) == "gateway"),
            "spec", "ports") as IList<object?>)!.Select(p => YamlTree.At(p, "name") as string);

        Assert.Equal(
            PublicRoutes.ClientPaths.Order(StringComparer.Ordinal),
            paths.Select(p => (string)YamlTree.At(p, "path")!).Order(StringComparer.Ordinal));
        Assert.All(paths, p =>
        {
            var path = (string)YamlTree.At(p, "path")!;
            Assert.Equal(ExactPaths.Contains(path) ? "Exact" : "Prefix", YamlTree.At(p, "pathType"));
            Assert.Equal("gateway", YamlTree.At(p, "backend", "service", "name"));
            Assert.Contains(YamlTree.At(p, "backend", "service", "port", "name") as string, servicePorts);
        });
        Assert.Equal("cookie", Annotation(ingress, "nginx.ingress.kubernetes.io/affinity"));
        Assert.Equal("32k", Annotation(ingress, "nginx.ingress.kubernetes.io/proxy-body-size"));
    }

    [Fact]
    public async Task Production_serves_its_host_over_tls()
    {
        var ingress = (await RenderAsync(KubernetesManifestTests.Prod)).Single(m => Kind(m) == "Ingress");

        var host = YamlTree.At(ingress, "spec", "rules", "0", "host") as string;
        Assert.False(string.IsNullOrEmpty(host));
        Assert.Equal(host, YamlTree.At(ingress, "spec", "tls", "0", "hosts", "0"));
        Assert.Equal("gateway-tls", YamlTree.At(ingress, "spec", "tls", "0", "secretName"));
        Assert.Equal("true", Annotation(ingress, "nginx.ingress.kubernetes.io/session-cookie-secure"));
    }

    [Theory]
    [MemberData(nameof(KubernetesManifestTests.Deployables), MemberType = typeof(KubernetesManifestTests))]
    public async Task The_gateway_believes_forwarded_addresses_only_from_a_private_network(string dir)
    {
        var gateway = (await RenderAsync(dir)).Single(m => Kind(m) == "Deployment" && Name(m) == "gateway");
        var env = (YamlTree.At(gateway, "spec", "template", "spec", "containers", "0", "env") as IList<object?>)!;

        var networks = env.Where(e => (YamlTree.At(e, "name") as string)!
                .StartsWith("ForwardedHeaders__KnownNetworks__", StringComparison.Ordinal))
            .Select(e => IPNetwork.Parse((string)YamlTree.At(e, "value")!)).ToList();
        Assert.NotEmpty(networks);
        Assert.All(networks, n => Assert.True(IsPrivate(n), $"{n} is not a private network"));
    }

    private static bool IsPrivate(IPNetwork network) =>
        new[] { IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16") }
            .Any(p => p.PrefixLength <= network.PrefixLength && p.Contains(network.BaseAddress));

    private static string? Annotation(object? manifest, string key) =>
        YamlTree.At(manifest, "metadata", "annotations", key) as string;
}
