using DaprSupport.Foundation.Tests.Drift;
using static DaprSupport.Foundation.Tests.Kubernetes.RenderedManifests;

namespace DaprSupport.Foundation.Tests.Kubernetes;

/// <summary>
/// The sidecars authenticate to the backing services as deployed (security review H4): Kafka with SCRAM-SHA-512 over
/// TLS as the Strimzi user the manifests declare, etcd with a client certificate, every credential from a Secret the
/// README tells the operator about, and the NetworkPolicies open the ports the components dial. The emulator runs
/// without any of this (components/), which the drift check allows: names, types and scopes stay the same.
/// </summary>
public sealed class BackingServiceAuthTests
{
    [Theory]
    [MemberData(nameof(KubernetesManifestTests.Deployables), MemberType = typeof(KubernetesManifestTests))]
    public async Task The_kafka_components_log_in_over_tls_as_the_declared_user(string dir)
    {
        var manifests = await RenderAsync(dir);
        var kafka = Components(manifests, "pubsub.kafka");
        var user = Assert.Single(manifests, m => Kind(m) == "KafkaUser");

        Assert.Equal(["fanout", "pubsub"], kafka.Select(c => Name(c)!).Order(StringComparer.Ordinal));
        Assert.All(kafka, component =>
        {
            Assert.Equal("password", Value(component, "authType"));
            Assert.Equal("SHA-512", Value(component, "saslMechanism"));
            Assert.Equal(Name(user), Value(component, "saslUsername"));
            // The Strimzi User Operator keeps a user's password in a Secret named after the user.
            Assert.Equal((Name(user), "password"), SecretRef(component, "saslPassword"));
            Assert.Equal(("kafka-cluster-ca-cert", "ca.crt"), SecretRef(component, "caCert"));
            Assert.Null(Value(component, "disableTls"));
            Assert.Equal("kubernetes", YamlTree.At(component, "auth", "secretStore"));
        });
        Assert.Equal("scram-sha-512", YamlTree.At(user, "spec", "authentication", "type"));
    }

    [Theory]
    [MemberData(nameof(KubernetesManifestTests.Deployables), MemberType = typeof(KubernetesManifestTests))]
    public async Task The_kafka_user_may_use_every_declared_topic_and_no_other(string dir)
    {
        var manifests = await RenderAsync(dir);
        var acls = (YamlTree.At(manifests.Single(m => Kind(m) == "KafkaUser"), "spec", "authorization", "acls")
            as IList<object?>)!;
        var topicAcl = Assert.Single(acls, a => YamlTree.At(a, "resource", "type") as string == "topic");
        var prefix = (string)YamlTree.At(topicAcl, "resource", "name")!;

        Assert.Equal("prefix", YamlTree.At(topicAcl, "resource", "patternType"));
        Assert.All(manifests.Where(m => Kind(m) == "KafkaTopic"),
            t => Assert.StartsWith(prefix, (string)YamlTree.At(t, "spec", "topicName")!, StringComparison.Ordinal));
        Assert.Equal(["Describe", "Read", "Write"],
            (YamlTree.At(topicAcl, "operations") as IList<object?>)!.Cast<string>().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KubernetesManifestTests.Deployables), MemberType = typeof(KubernetesManifestTests))]
    public async Task The_etcd_store_presents_a_client_certificate_from_a_secret(string dir)
    {
        var etcd = Assert.Single(Components(await RenderAsync(dir), "state.etcd"));

        Assert.Equal("true", Value(etcd, "tlsEnable"));
        Assert.Equal(("etcd-client-tls", "ca.crt"), SecretRef(etcd, "ca"));
        Assert.Equal(("etcd-client-tls", "tls.crt"), SecretRef(etcd, "cert"));
        Assert.Equal(("etcd-client-tls", "tls.key"), SecretRef(etcd, "key"));
    }

    [Theory]
    [MemberData(nameof(KubernetesManifestTests.Deployables), MemberType = typeof(KubernetesManifestTests))]
    public async Task The_sidecars_may_reach_the_ports_the_components_dial(string dir)
    {
        var manifests = await RenderAsync(dir);
        var egress = (YamlTree.At(manifests.Single(m => Kind(m) == "NetworkPolicy" && Name(m) == "backing-services-egress"),
            "spec", "egress") as IList<object?>)!;
        int[] PortsTo(string service) => [.. egress
            .Where(e => YamlTree.At(e, "to", "0", "podSelector", "matchLabels", "app.kubernetes.io/name") as string == service)
            .SelectMany(e => (YamlTree.At(e, "ports") as IList<object?>)!)
            .Select(p => int.Parse((string)YamlTree.At(p, "port")!, System.Globalization.CultureInfo.InvariantCulture))];

        Assert.All(Components(manifests, "pubsub.kafka"), c => Assert.All(Value(c, "brokers")!.Split(','),
            broker => Assert.Contains(Port(broker), PortsTo("kafka"))));
        Assert.All(Value(Components(manifests, "state.etcd").Single(), "endpoints")!.Split(','),
            endpoint => Assert.Contains(Port(endpoint), PortsTo("etcd")));
    }

    [Fact]
    public async Task The_readme_names_every_secret_a_component_reads()
    {
        var readme = File.ReadAllText(Path.Combine(RepoSnapshot.Root, "README.md"));
        var secrets = (await RenderAsync(KubernetesManifestTests.Base))
            .Where(m => Kind(m) == "Component")
            .SelectMany(c => (YamlTree.At(c, "spec", "metadata") as IList<object?>)!)
            .Select(item => YamlTree.At(item, "secretKeyRef", "name") as string)
            .OfType<string>().Distinct().ToList();

        Assert.Contains("etcd-client-tls", secrets);
        Assert.All(secrets, secret => Assert.Contains($"`{secret}`", readme, StringComparison.Ordinal));
    }

    private static List<object?> Components(IReadOnlyList<object?> manifests, string type) =>
        [.. manifests.Where(m => Kind(m) == "Component" && YamlTree.At(m, "spec", "type") as string == type)];

    private static object? Item(object? component, string name) =>
        (YamlTree.At(component, "spec", "metadata") as IList<object?>)!
            .SingleOrDefault(i => YamlTree.At(i, "name") as string == name);

    private static string? Value(object? component, string name) => YamlTree.At(Item(component, name), "value") as string;

    private static (string?, string?) SecretRef(object? component, string name) =>
        (YamlTree.At(Item(component, name), "secretKeyRef", "name") as string,
            YamlTree.At(Item(component, name), "secretKeyRef", "key") as string);

    private static int Port(string hostPort) =>
        int.Parse(hostPort[(hostPort.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
