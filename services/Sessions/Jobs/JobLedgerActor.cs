using Dapr.Actors.Runtime;
using DaprSupport.Contracts;

namespace DaprSupport.Sessions.Jobs;

/// <summary>The ledger of one singleton job (<see cref="IJobLedgerActor"/>); its state is the last run
/// admitted.</summary>
[Actor(TypeName = ActorTypes.JobLedger)]
public sealed class JobLedgerActor(ActorHost host) : Actor(host), IJobLedgerActor
{
    private const string StateKey = "last";

    public async Task<bool> TryStartAsync(JobRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var last = await StateManager.TryGetStateAsync<JobRun>(StateKey);
        if (!JobLedgerRules.Admits(last.HasValue ? last.Value : null, run))
        {
            return false;
        }

        await StateManager.SetStateAsync(StateKey, run);
        await StateManager.SaveStateAsync();
        return true;
    }
}
