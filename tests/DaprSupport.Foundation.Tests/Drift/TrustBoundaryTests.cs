namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// The trust boundaries as deployed (docs/security.md): NetworkPolicies that deny by default and let only the gateway
/// be reached from outside the namespace; every Deployment's Dapr token Secrets (dapr/dapr v1.17.0
/// pkg/injector/patcher/sidecar_container.go: key "token", given to daprd only, so the app container reads the same
/// Secrets); and the same service invocation access control locally and on Kubernetes.
/// </summary>
public sealed class TrustBoundaryTests
{
    private static readonly RepoSnapshot Repo = RepoSnapshot.Load();

    [Fact]
    public void Network_policies_start_from_a_default_deny_of_both_directions()
    {
        var policies = Repo.K8s.OfKind("NetworkPolicy").ToList();

        Assert.Contains(policies, p =>
            p.Map("spec", "podSelector").Count == 0
            && p.List("spec", "policyTypes").OfType<string>().Order(StringComparer.Ordinal).SequenceEqual(["Egress", "Ingress"])
            && p.List("spec", "ingress").Count == 0
            && p.List("spec", "egress").Count == 0);
    }

    [Fact]
    public void Only_the_gateway_pods_take_traffic_from_outside_the_namespace_and_only_on_their_public_port()
    {
        var outside = new List<string>();
        foreach (var policy in Repo.K8s.OfKind("NetworkPolicy"))
        {
            foreach (var rule in policy.List("spec", "ingress"))
            {
                var peers = YamlTree.List(rule, "from");
                var fromOutside = peers.Count == 0 || peers.Any(p => YamlTree.At(p, "namespaceSelector") is not null || YamlTree.At(p, "ipBlock") is not null);
                if (!fromOutside)
                {
                    continue;
                }

                var selected = Repo.DaprDeployments.Where(d => Selects(policy, d.Deployment)).Select(d => d.AppId).ToList();
                var ports = YamlTree.List(rule, "ports").Select(p => YamlTree.At(p, "port")?.ToString()).ToList();
                outside.Add($"{policy.Name}: [{string.Join(", ", selected)}] on [{string.Join(", ", ports)}]");
                Assert.True(YamlTree.At(policy.Root, "spec", "podSelector", "matchExpressions") is null, $"{policy}: outside traffic to pods chosen by expressions");
            }
        }

        Assert.Equal(["gateway-ingress: [gateway] on [8080]"], outside);
    }

    /// <summary>Webhooks (docs/webhooks.md): only the agents pods reach outside the cluster, on 80/443, never private ranges.</summary>
    [Fact]
    public void Only_the_agents_pods_reach_out_of_the_cluster_and_only_public_web_ports()
    {
        var outward = new List<string>();
        foreach (var policy in Repo.K8s.OfKind("NetworkPolicy"))
        {
            foreach (var rule in policy.List("spec", "egress"))
            {
                var blocks = YamlTree.List(rule, "to").Select(p => YamlTree.At(p, "ipBlock")).Where(b => b is not null).ToList();
                if (blocks.Count == 0)
                {
                    continue;
                }

                var selected = Repo.DaprDeployments.Where(d => Selects(policy, d.Deployment)).Select(d => d.AppId);
                var ports = YamlTree.List(rule, "ports").Select(p => YamlTree.At(p, "port")?.ToString());
                outward.Add($"{policy.Name}: [{string.Join(", ", selected)}] on [{string.Join(", ", ports)}]");
                foreach (var block in blocks)
                {
                    var except = YamlTree.List(block, "except").Select(e => e?.ToString()).ToList();
                    Assert.All(new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16" },
                        range => Assert.Contains(range, except));
                }
            }
        }

        Assert.Equal(["agents-webhooks-egress: [agents] on [443, 80]"], outward);
    }

    [Fact]
    public void App_ports_are_closed_to_every_other_pod()
    {
        var appPorts = Repo.DaprDeployments.Select(d => d.Deployment.Text("spec", "template", "metadata", "annotations", "dapr.io/app-port")).ToHashSet(StringComparer.Ordinal);
        var open = from policy in Repo.K8s.OfKind("NetworkPolicy")
                   from rule in policy.List("spec", "ingress")
                   where YamlTree.List(rule, "from").Count > 0
                   from port in YamlTree.List(rule, "ports")
                   let number = YamlTree.At(port, "port")?.ToString()
                   where appPorts.Contains(number)
                   select $"{policy.Name} opens app port {number}";

        Assert.Empty(open);
    }

    [Fact]
    public void Every_deployment_has_its_own_token_secrets_and_its_app_reads_the_same_ones()
    {
        Assert.NotEmpty(Repo.DaprDeployments);
        foreach (var (appId, deployment) in Repo.DaprDeployments)
        {
            var annotations = deployment.Map("spec", "template", "metadata", "annotations");
            Assert.Equal($"{appId}-dapr-api-token", annotations.GetValueOrDefault("dapr.io/api-token-secret"));
            Assert.Equal($"{appId}-app-api-token", annotations.GetValueOrDefault("dapr.io/app-token-secret"));
            var env = deployment.List("spec", "template", "spec", "containers", "0", "env");
            foreach (var (variable, secret) in new[] { ("DAPR_API_TOKEN", $"{appId}-dapr-api-token"), ("APP_API_TOKEN", $"{appId}-app-api-token") })
            {
                var entry = env.SingleOrDefault(e => YamlTree.Text(e, "name") == variable);
                Assert.True(entry is not null, $"{deployment.File}: the app container has no {variable}");
                Assert.Equal(secret, YamlTree.Text(entry, "valueFrom", "secretKeyRef", "name"));
                Assert.Equal("token", YamlTree.Text(entry, "valueFrom", "secretKeyRef", "key"));
            }
        }
    }

    [Fact]
    public void Access_control_denies_by_default_and_is_the_same_locally_and_on_kubernetes_but_for_the_namespace()
    {
        var local = Repo.Local.OfKind("Configuration").Single();
        var k8s = Repo.K8s.OfKind("Configuration").Single();

        Assert.Equal("deny", local.Text("spec", "accessControl", "defaultAction"));
        Assert.Equal("true", local.Text("spec", "mtls", "enabled"));
        Assert.All(local.List("spec", "accessControl", "policies"), p => Assert.Equal("default", YamlTree.Text(p, "namespace")));
        Assert.All(k8s.List("spec", "accessControl", "policies"), p => Assert.Equal(k8s.Namespace, YamlTree.Text(p, "namespace")));
        var differences = YamlTree.Diff(YamlTree.At(local.Root, "spec", "accessControl"), YamlTree.At(k8s.Root, "spec", "accessControl"))
            .Where(d => !d.Contains("namespace", StringComparison.Ordinal));
        Assert.Empty(differences);
        Assert.Equal(["gateway"], local.List("spec", "accessControl", "policies").Select(p => YamlTree.Text(p, "appId")));
    }

    private static bool Selects(Manifest policy, Manifest deployment)
    {
        var wanted = policy.Map("spec", "podSelector", "matchLabels");
        var labels = deployment.Map("spec", "template", "metadata", "labels");
        return wanted.All(kv => labels.TryGetValue(kv.Key, out var value) && Equals(value, kv.Value));
    }
}
