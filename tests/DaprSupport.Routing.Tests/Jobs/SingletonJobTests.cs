using System.Collections.Concurrent;
using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Configuration.Leases;
using DaprSupport.Contracts;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.ServiceDefaults;
using DaprSupport.Sessions.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Jobs;

/// <summary>
/// Singleton jobs across three replicas (three <see cref="JobRunner"/>s, each its own lease owner) on real leases and
/// a real ledger actor (the sessions app's sidecar, actor state on etcd): each period's run happens once; when the
/// holder dies without releasing, another replica takes over once the lease expires, under a higher fencing token.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class SingletonJobTests(RoutingSystemFixture system)
{
    private static readonly JobOptions Timing = new() { Tick = TimeSpan.FromMilliseconds(100), LeaseTtl = TimeSpan.FromSeconds(2) };

    private IActorProxyFactory Actors() => new ActorProxyFactory(ActorHostExtensions.ProxyOptions(
        system.SessionsSidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"], system.SessionsSidecar.Options.DaprApiToken));

    [Fact]
    public async Task Three_replicas_run_each_period_once_and_another_takes_over_after_the_holder_dies()
    {
        var job = new RecordingJob("test-job-" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromMilliseconds(500));
        var replicas = Enumerable.Range(0, 3).Select(_ => Replica(job)).ToList();
        try
        {
            var first = await job.RunsAsync(4);
            var holder = replicas.Single(r => r.Runner.Owner == first[^1].Owner);
            await holder.Stop.CancelAsync();
            await holder.Loop;
            var killedAt = DateTimeOffset.UtcNow;

            var next = await job.RunsAsync(first.Count + 4);
            var successor = next.First(r => r.Owner != holder.Runner.Owner);

            Assert.Equal(job.Runs.Count, job.Runs.Select(r => r.Period).Distinct().Count());
            Assert.True(job.RanAt[successor.Period] - killedAt >= Timing.LeaseTtl - (Timing.Tick * 3),
                $"taken over {job.RanAt[successor.Period] - killedAt} after the holder died; the lease lasts {Timing.LeaseTtl}");
            Assert.True(successor.Fence > first[^1].Fence);
            Assert.All(next.Where(r => r.Period >= successor.Period), r => Assert.NotEqual(holder.Runner.Owner, r.Owner));
            Assert.Equal(job.Runs.Count, (int)JobMetrics.Runs.WithLabels(job.Name, JobMetrics.Outcomes.Succeeded).Value);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.Stop.CancelAsync();
                await replica.Loop;
                replica.Stop.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_ledger_admits_a_period_once_and_never_under_a_lower_fencing_token()
    {
        var ledger = Actors().CreateActorProxy<IJobLedgerActor>(new ActorId("ledger-" + Guid.NewGuid().ToString("N")), ActorTypes.JobLedger);

        var first = await ledger.TryStartAsync(new JobRun(10, 2, "a"));
        var again = await ledger.TryStartAsync(new JobRun(10, 2, "a"));
        var stale = await ledger.TryStartAsync(new JobRun(11, 1, "old"));
        var next = await ledger.TryStartAsync(new JobRun(11, 3, "b"));

        Assert.Equal((true, false, false, true), (first, again, stale, next));
    }

    private (JobRunner Runner, CancellationTokenSource Stop, Task Loop) Replica(ISingletonJob job)
    {
        var actors = Actors();
        var runner = new JobRunner([job], new ActorLeaseLock(actors), actors, Options.Create(Timing), TimeProvider.System, NullLogger<JobRunner>.Instance);
        var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed: no release, the lease runs out on its own.
            }
        });
        return (runner, stop, loop);
    }

    private sealed class RecordingJob(string name, TimeSpan period) : ISingletonJob
    {
        private readonly object _gate = new();
        private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<JobRun>> Done)> _waiting = [];

        public string Name => name;

        public TimeSpan Period => period;

        public ConcurrentQueue<JobRun> Runs { get; } = new();

        public ConcurrentDictionary<long, DateTimeOffset> RanAt { get; } = new();

        public Task RunAsync(JobRun run, CancellationToken cancellationToken)
        {
            RanAt[run.Period] = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                Runs.Enqueue(run);
                foreach (var waiter in _waiting.Where(w => Runs.Count >= w.Count))
                {
                    waiter.Done.TrySetResult([.. Runs]);
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>Completes with the runs so far once there are at least <paramref name="count"/>.</summary>
        public Task<IReadOnlyList<JobRun>> RunsAsync(int count)
        {
            var done = new TaskCompletionSource<IReadOnlyList<JobRun>>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (Runs.Count >= count)
                {
                    done.TrySetResult([.. Runs]);
                }
                else
                {
                    _waiting.Add((count, done));
                }
            }

            return done.Task.WaitAsync(TimeSpan.FromSeconds(45));
        }
    }
}
