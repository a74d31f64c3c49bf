namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// dapr.yaml, components/ (local, self-hosted) and deploy/k8s/base/ (production, which the overlays patch) must describe the same system.
/// Follows the Dapr docs: reference/resource-specs/component-schema, reference/resource-specs/resiliency-schema,
/// reference/arguments-annotations-overview and developing-applications/local-development/multi-app-dapr-run/multi-app-template.
/// </summary>
public sealed class DriftTests
{
    private static readonly RepoSnapshot Repo = RepoSnapshot.Load();

    [Fact]
    public void Component_names_match() => DriftAssert.None(DriftChecks.ComponentNames(Repo));

    [Fact]
    public void Component_types_match_except_the_listed_differences() =>
        DriftAssert.None(DriftChecks.ComponentTypes(Repo, AllowedTypeDifference.All));

    [Fact]
    public void Component_scopes_match_and_name_existing_apps() => DriftAssert.None(DriftChecks.ComponentScopes(Repo));

    [Fact]
    public void App_ids_match_across_dapr_yaml_k8s_and_contracts() => DriftAssert.None(DriftChecks.AppIdSets(Repo));

    [Fact]
    public void App_ports_match_across_dapr_yaml_urls_annotations_and_containers() => DriftAssert.None(DriftChecks.AppPorts(Repo));

    [Fact]
    public void Every_deployment_carries_the_required_dapr_annotations() => DriftAssert.None(DriftChecks.DeploymentAnnotations(Repo));

    [Fact]
    public void The_configuration_exists_in_both_sets_with_tracing() => DriftAssert.None(DriftChecks.Configuration(Repo));

    [Fact]
    public void Deployments_probe_health_and_alive_and_request_resources() => DriftAssert.None(DriftChecks.ProbesAndResources(Repo));

    [Fact]
    public void Every_deployment_has_a_service_selecting_its_pods() => DriftAssert.None(DriftChecks.ServicesSelectDeployments(Repo));

    [Fact]
    public void Resiliency_policies_and_targets_are_identical() => DriftAssert.None(DriftChecks.Resiliency(Repo));

    [Fact]
    public void Resiliency_targets_name_existing_apps_components_and_policies() => DriftAssert.None(DriftChecks.ResiliencyTargets(Repo));

    [Fact]
    public void Every_contract_component_name_exists_in_both_sets() => DriftAssert.None(DriftChecks.ContractComponents(Repo));

    [Fact]
    public void Kustomization_lists_every_manifest_and_all_live_in_the_namespace() => DriftAssert.None(DriftChecks.KustomizationAndNamespace(Repo));

    [Fact]
    public void Topic_scoping_is_least_privilege_and_the_same_in_both_sets() => DriftAssert.None(TopicScopeDrift.Check(Repo));

    [Fact]
    public void The_run_file_loads_the_local_components_folder() =>
        Assert.True(
            Repo.RunFile.ResourcesPaths.Any(p => p.TrimStart('.', '/').TrimEnd('/') == RepoSnapshot.LocalDir),
            $"dapr.yaml common.resourcesPaths [{string.Join(", ", Repo.RunFile.ResourcesPaths)}] does not include ./{RepoSnapshot.LocalDir}.");
}
