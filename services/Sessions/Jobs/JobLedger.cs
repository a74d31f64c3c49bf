using Dapr.Actors;

namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// One run of a singleton job: the period it is for (the number of whole periods since the Unix epoch), the fencing
/// token of the lease its replica holds, and that replica.
/// </summary>
public sealed record JobRun(long Period, long Fence, string Owner);

/// <summary>
/// Which period a singleton job last ran in, and under which fencing token (actor id = the job). A replica starts a
/// run only when the ledger admits it, in the ledger's turn: at most one run per period, and never one under a token
/// lower than one already seen (a replica whose lease expired while it stalled cannot run after its successor).
/// </summary>
public interface IJobLedgerActor : IActor
{
    Task<bool> TryStartAsync(JobRun run);
}

/// <summary>The ledger's decision, pure.</summary>
public static class JobLedgerRules
{
    public static bool Admits(JobRun? last, JobRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return last is null || (run.Period > last.Period && run.Fence >= last.Fence);
    }
}
