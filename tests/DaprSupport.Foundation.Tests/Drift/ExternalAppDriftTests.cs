namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// A service of another team in another language, added as a Node team would (a run file entry whose
/// <c>appDirPath</c> is under <c>samples/</c>, a non-.NET command, its app-id in the local pub/sub scopes and topic
/// scopes), keeps every drift check green without a line of C#; the same entry outside <c>samples/</c> does not.
/// The edits stand for the fixture run file and components a team would commit.
/// </summary>
public sealed class ExternalAppDriftTests
{
    private const string NodeApp = """
          - appID: notifier
            appDirPath: ./samples/notifier/
            appPort: 3000
            command: ["node", "index.js"]

        """;

    private static RepoSnapshot WithApp(string app, bool scoped = true) => RepoSnapshot.Load((path, text) => path switch
    {
        "dapr.yaml" => text.TrimEnd() + "\n" + app,
        "components/pubsub.yaml" when scoped => text
            .Replace(";agents=support.agents,support.deadletter\"", ";agents=support.agents,support.deadletter;notifier=\"", StringComparison.Ordinal)
            .Replace("support.sla-breached,support.agents\"", "support.sla-breached,support.agents;notifier=support.timeline,support.sessions\"", StringComparison.Ordinal)
            .Replace("  - agents\n", "  - agents\n  - notifier\n", StringComparison.Ordinal),
        _ => text,
    });

    [Fact]
    public void An_external_node_app_under_samples_passes_every_drift_check()
    {
        var repo = WithApp(NodeApp);
        Assert.Contains(repo.RunFile.Apps, a => a.AppId == "notifier" && a.IsExternal && !a.IsDotnet);

        DriftAssert.None(DriftChecks.AppIdSets(repo)
            .Concat(DriftChecks.AppPorts(repo))
            .Concat(DriftChecks.ComponentScopes(repo))
            .Concat(DriftChecks.ResiliencyTargets(repo))
            .Concat(TopicScopeDrift.Check(repo)));
    }

    [Fact]
    public void The_same_app_outside_samples_must_be_a_contract_app_id_with_a_manifest()
    {
        var repo = WithApp(NodeApp.Replace("./samples/notifier/", "./services/Notifier/", StringComparison.Ordinal));

        Assert.Equal(
            [
                "App-id 'notifier' is in dapr.yaml appID but not in deploy/k8s/base/ dapr.io/app-id annotations.",
                "App-id 'notifier' is in dapr.yaml appID but not in Contracts AppIds.All.",
            ],
            DriftChecks.AppIdSets(repo));
        Assert.Equal(
            ["Component 'pubsub': scopes are [agents, notifier, sessions] in components/pubsub.yaml but [agents, sessions] in deploy/k8s/base/dapr/components/pubsub.yaml."],
            DriftChecks.ComponentScopes(repo));
    }

    [Fact]
    public void A_dotnet_app_still_needs_urls_matching_its_port()
    {
        var repo = WithApp(NodeApp.Replace("[\"node\", \"index.js\"]", "[\"dotnet\", \"run\"]", StringComparison.Ordinal), scoped: false);

        Assert.Equal(["App 'notifier': dapr.yaml appPort is 3000 but its command's --urls is '(none)'."], DriftChecks.AppPorts(repo));
    }

    [Fact]
    public void Topic_scopes_naming_an_app_without_the_component_or_an_unknown_topic_are_reported()
    {
        var repo = RepoSnapshot.Load((path, text) => path == "components/pubsub.yaml"
            ? text.Replace(";agents=support.agents,support.deadletter\"", ";agents=support.agents,support.deadletter;billing=support.invoices\"", StringComparison.Ordinal)
            : text);

        Assert.Equal(
            [
                "Component 'pubsub' in components/pubsub.yaml: publishingScopes names 'billing', which is not an app-id of dapr.yaml in the component's scopes.",
                "Component 'pubsub' in components/pubsub.yaml: publishingScopes gives 'billing' topic 'support.invoices', which is no Contracts Topics value.",
                "Component 'pubsub': publishingScopes give 'billing' [support.invoices] in components/pubsub.yaml but [] in deploy/k8s/base/dapr/components/pubsub.yaml.",
            ],
            TopicScopeDrift.Check(repo));
    }

    [Fact]
    public void An_unprotected_contract_topic_is_reported()
    {
        var repo = RepoSnapshot.Load((path, text) => path == "deploy/k8s/base/dapr/components/fanout.yaml"
            ? text.Replace("value: \"support.timeline,", "value: \"", StringComparison.Ordinal)
            : text);

        Assert.Equal(
            [
                "Component 'fanout' in deploy/k8s/base/dapr/components/fanout.yaml does not protect topic 'support.timeline' (protectedTopics), so any app with the component may use it.",
                "Component 'fanout': protectedTopics are [support.agents, support.deadletter, support.queue-positions, support.reads, support.routing, support.sessions, support.sla-breached, support.tenant-config, support.timeline, support.typing] in components/fanout.yaml but [support.agents, support.deadletter, support.queue-positions, support.reads, support.routing, support.sessions, support.sla-breached, support.tenant-config, support.typing] in deploy/k8s/base/dapr/components/fanout.yaml.",
            ],
            TopicScopeDrift.Check(repo));
    }
}
