using System.Globalization;

namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// Every Dapr Deployment gives daprd time to drain actor turns (the actor host's 30 s DrainOngoingCallTimeout): daprd's
/// graceful shutdown is 5 s unless <c>dapr.io/graceful-shutdown-seconds</c> says otherwise (dapr/dapr v1.17.0
/// pkg/runtime/config.go, pkg/injector/patcher/sidecar.go), it runs after <c>dapr.io/block-shutdown-duration</c>
/// (pkg/runtime/runtime.go, <c>Run</c>), and Kubernetes kills the pod after <c>terminationGracePeriodSeconds</c>.
/// </summary>
public sealed class ShutdownBudgetTests
{
    private const int ActorDrainSeconds = 30;

    private static readonly RepoSnapshot Repo = RepoSnapshot.Load();

    public static TheoryData<string> AppIds => [.. Repo.DaprDeployments.Select(d => d.AppId)];

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Daprd_outlives_the_actor_drain_and_the_pod_outlives_daprd(string appId)
    {
        var deployment = Repo.DaprDeployments.Single(d => d.AppId == appId).Deployment;
        var annotations = new[] { "spec", "template", "metadata", "annotations" };
        var graceful = int.Parse(deployment.Text([.. annotations, "dapr.io/graceful-shutdown-seconds"]) ?? "5", CultureInfo.InvariantCulture);
        var block = TimeSpan.Parse("00:00:" + (deployment.Text([.. annotations, "dapr.io/block-shutdown-duration"]) ?? "0s").TrimEnd('s'), CultureInfo.InvariantCulture);
        var termination = int.Parse(deployment.Text("spec", "template", "spec", "terminationGracePeriodSeconds") ?? "30", CultureInfo.InvariantCulture);

        Assert.True(graceful > ActorDrainSeconds, $"{appId}: graceful-shutdown-seconds {graceful} does not cover the {ActorDrainSeconds} s actor drain");
        Assert.True(termination > block.TotalSeconds + graceful, $"{appId}: terminationGracePeriodSeconds {termination} ≤ block {block.TotalSeconds} s + graceful {graceful} s");
    }
}
