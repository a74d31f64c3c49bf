namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// The drift checks really catch drift: each test edits one file of the repository in memory and expects the exact
/// message that names it. Follows the same Dapr docs as <see cref="DriftTests"/>.
/// </summary>
public sealed class DriftDetectionTests
{
    private static RepoSnapshot Edited(string file, string from, string to) =>
        RepoSnapshot.Load((path, text) =>
        {
            if (path != file)
            {
                return text;
            }

            Assert.Contains(from, text, StringComparison.Ordinal);
            return text.Replace(from, to, StringComparison.Ordinal);
        });

    [Fact]
    public void A_changed_component_type_is_reported_with_both_types()
    {
        var repo = Edited("deploy/k8s/base/dapr/components/fanout.yaml", "type: pubsub.kafka", "type: pubsub.redis");

        var drift = Assert.Single(DriftChecks.ComponentTypes(repo, AllowedTypeDifference.All));
        Assert.Equal("Component 'fanout': type is 'pubsub.kafka' in components/fanout.yaml but 'pubsub.redis' in deploy/k8s/base/dapr/components/fanout.yaml (only historystore may differ).", drift);
    }

    [Fact]
    public void A_stale_allowed_difference_is_reported()
    {
        var repo = Edited("deploy/k8s/base/dapr/components/historystore.yaml", "type: state.postgresql", "type: state.mysql");

        var drift = Assert.Single(DriftChecks.ComponentTypes(repo, AllowedTypeDifference.All));
        Assert.Contains("allowed difference is state.sqlite locally → state.postgresql in k8s", drift, StringComparison.Ordinal);
        Assert.Contains("'state.mysql'", drift, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_component_is_reported_on_both_sides()
    {
        var repo = Edited("deploy/k8s/base/dapr/components/statestore.yaml", "name: statestore", "name: etcdstore");

        Assert.Equal(
            [
                "Component 'statestore' is in components/statestore.yaml but no deploy/k8s/base/ file defines it.",
                "Component 'etcdstore' is in deploy/k8s/base/dapr/components/statestore.yaml but no components/ file defines it.",
            ],
            DriftChecks.ComponentNames(repo));
        Assert.Contains("Contracts Components.StateStore = 'statestore' but deploy/k8s/base/ defines no component of that name.", DriftChecks.ContractComponents(repo));
    }

    [Fact]
    public void A_scope_missing_in_k8s_is_reported()
    {
        var repo = Edited("deploy/k8s/base/dapr/components/pubsub.yaml", "  - agents\n", string.Empty);

        var drift = Assert.Single(DriftChecks.ComponentScopes(repo));
        Assert.Equal("Component 'pubsub': scopes are [agents, sessions] in components/pubsub.yaml but [sessions] in deploy/k8s/base/dapr/components/pubsub.yaml.", drift);
    }

    [Fact]
    public void A_port_changed_in_one_place_is_reported()
    {
        var repo = Edited("deploy/k8s/base/services/agents.yaml", "dapr.io/app-port: \"5103\"", "dapr.io/app-port: \"5113\"");

        var drift = Assert.Single(DriftChecks.AppPorts(repo));
        Assert.Equal("App 'agents': dapr.yaml appPort is 5103 but dapr.io/app-port in deploy/k8s/base/services/agents.yaml is 5113.", drift);
    }

    [Fact]
    public void A_urls_port_differing_from_app_port_is_reported()
    {
        var repo = Edited("dapr.yaml", "\"--urls\", \"http://127.0.0.1:5103\"", "\"--urls\", \"http://127.0.0.1:5105\"");

        var drift = Assert.Single(DriftChecks.AppPorts(repo));
        Assert.Equal("App 'agents': dapr.yaml appPort is 5103 but its command's --urls is 'http://127.0.0.1:5105'.", drift);
    }

    [Fact]
    public void A_renamed_app_id_is_reported_against_every_source()
    {
        var repo = Edited("deploy/k8s/base/services/agents.yaml", "dapr.io/app-id: \"agents\"", "dapr.io/app-id: \"agent\"");

        Assert.Equal(
            [
                "App-id 'agents' is in dapr.yaml appID but not in deploy/k8s/base/ dapr.io/app-id annotations.",
                "App-id 'agent' is in deploy/k8s/base/ dapr.io/app-id annotations but not in dapr.yaml appID.",
            ],
            DriftChecks.AppIdSets(repo));
    }

    [Fact]
    public void A_missing_or_wrong_annotation_is_reported()
    {
        var repo = Edited("deploy/k8s/base/services/gateway.yaml", "dapr.io/app-health-check-path: \"/health\"", "dapr.io/app-health-check-path: \"/healthz\"");

        var drift = Assert.Single(DriftChecks.DeploymentAnnotations(repo));
        Assert.Equal("App 'gateway': annotation dapr.io/app-health-check-path in deploy/k8s/base/services/gateway.yaml is '/healthz' but should be '/health'.", drift);
    }

    [Fact]
    public void A_resiliency_policy_changed_in_k8s_is_reported_at_its_path()
    {
        var repo = Edited("deploy/k8s/base/dapr/resiliency.yaml", "history: 10s", "history: 12s");

        var drift = Assert.Single(DriftChecks.Resiliency(repo));
        Assert.Equal("Resiliency 'daprsupport' differs between components/resiliency.yaml and deploy/k8s/base/dapr/resiliency.yaml at spec.policies.timeouts.history: '10s' vs '12s'.", drift);
    }

    [Fact]
    public void A_resiliency_target_naming_an_unknown_app_or_policy_is_reported()
    {
        var repo = Edited("components/resiliency.yaml", "      agents:\n        timeout: general", "      billing:\n        timeout: slow");

        Assert.Equal(
            [
                "Resiliency 'daprsupport' in components/resiliency.yaml targets app 'billing', which is no app-id of dapr.yaml.",
                "Resiliency 'daprsupport' in components/resiliency.yaml: target apps.billing uses timeout 'slow', which spec.policies.timeouts does not define.",
            ],
            DriftChecks.ResiliencyTargets(repo));
    }

    [Fact]
    public void A_manifest_left_out_of_the_kustomization_is_reported()
    {
        var repo = Edited("deploy/k8s/base/kustomization.yaml", "  - services/agents.yaml\n", string.Empty);

        var drift = Assert.Single(DriftChecks.KustomizationAndNamespace(repo));
        Assert.Equal("deploy/k8s/base/services/agents.yaml is not listed in deploy/k8s/base/kustomization.yaml resources.", drift);
    }
}
