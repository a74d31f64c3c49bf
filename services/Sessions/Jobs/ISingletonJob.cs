namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// A job that runs once per <see cref="Period"/> across all replicas: on the replica holding the job's lease, after
/// the job's ledger admitted the run (<see cref="IJobLedgerActor"/>).
/// </summary>
public interface ISingletonJob
{
    /// <summary>The job's name: its lease resource is <c>job-</c>name and its metric label.</summary>
    string Name { get; }

    TimeSpan Period { get; }

    Task RunAsync(JobRun run, CancellationToken cancellationToken);
}
