using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Configuration.Leases;
using DaprSupport.Contracts;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// One replica's side of the singleton jobs: every tick it takes (or renews) each job's lease, and while it holds it,
/// asks the job's ledger to admit the current period's run under the lease's fencing token and runs the job once.
/// Stopping releases the leases it holds, so another replica takes over at its next tick; a replica that dies keeps
/// them until they expire.
/// </summary>
public sealed class JobRunner(
    IEnumerable<ISingletonJob> jobs,
    ILeaseLock leases,
    IActorProxyFactory actors,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    private readonly Dictionary<string, Held> _held = new(StringComparer.Ordinal);

    /// <summary>This replica's lease owner id.</summary>
    public string Owner { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.Tick, time);
        do
        {
            foreach (var job in jobs)
            {
                try
                {
                    await TickAsync(job, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Job {Job}: lease or ledger call failed; trying again next tick", job.Name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Releases every lease this replica holds (a graceful stop).</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        foreach (var (job, held) in _held.ToList())
        {
            await leases.ReleaseAsync(Resource(job), Owner, held.Token, cancellationToken);
            _held.Remove(job);
        }
    }

    private async Task TickAsync(ISingletonJob job, CancellationToken cancellationToken)
    {
        var ttl = options.Value.LeaseTtl;
        var lease = _held.TryGetValue(job.Name, out var held)
            ? await leases.RenewAsync(Resource(job.Name), Owner, held.Token, ttl, cancellationToken)
            : await leases.TryAcquireAsync(Resource(job.Name), Owner, ttl, cancellationToken);
        if (!lease.Holds)
        {
            _held.Remove(job.Name);
            return;
        }

        var lastRun = held?.LastPeriod ?? long.MinValue;
        var period = time.GetUtcNow().ToUnixTimeMilliseconds() / (long)job.Period.TotalMilliseconds;
        _held[job.Name] = new Held(lease.Token, Math.Max(lastRun, period));
        if (period <= lastRun)
        {
            return;
        }

        var run = new JobRun(period, lease.Token, Owner);
        var ledger = actors.CreateActorProxy<IJobLedgerActor>(new ActorId(job.Name), ActorTypes.JobLedger);
        if (!await ledger.TryStartAsync(run))
        {
            JobMetrics.Runs.WithLabels(job.Name, JobMetrics.Outcomes.Fenced).Inc();
            return;
        }

        try
        {
            await job.RunAsync(run, cancellationToken);
            JobMetrics.Runs.WithLabels(job.Name, JobMetrics.Outcomes.Succeeded).Inc();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            JobMetrics.Runs.WithLabels(job.Name, JobMetrics.Outcomes.Failed).Inc();
            logger.LogError(ex, "Job {Job} failed in period {Period}", job.Name, period);
        }
    }

    private static string Resource(string job) => "job-" + job;

    private sealed record Held(long Token, long LastPeriod);
}

/// <summary>Hosts this replica's <see cref="JobRunner"/>; on stop it hands its leases back.</summary>
public sealed class JobScheduler(JobRunner runner, ILogger<JobScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await runner.ReleaseAllAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not release the job leases; they expire on their own");
        }
    }
}
