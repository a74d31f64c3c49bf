using System.Collections.Concurrent;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Foundation.Tests.ServiceDefaults;

/// <summary>
/// The batch endpoints' shared loop: each group in order, a group stopped at its first failure (its later items wait
/// for the redelivery), the other groups unaffected.
/// </summary>
public sealed class BulkSubscribeEntriesTests
{
    [Fact]
    public async Task A_group_stops_at_its_first_failure_and_the_other_groups_finish()
    {
        var ran = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<string>();
        string[][] groups = [["a1", "a2", "a3"], ["b1", "b2"]];

        var done = await BulkSubscribeEntries.InGroupsAsync(groups, 4,
            item =>
            {
                ran.Enqueue(item);
                return item == "a2" ? Task.FromException(new InvalidOperationException("refused")) : Task.CompletedTask;
            },
            (item, e) => failures.Enqueue($"{item}: {e.Message}"),
            CancellationToken.None);

        Assert.Equal(["a1", "b1", "b2"], done.Order(StringComparer.Ordinal));
        Assert.Equal(["a2: refused"], failures);
        Assert.DoesNotContain("a3", ran);
    }

    [Fact]
    public void The_answer_retries_the_listed_entries_only()
    {
        var answer = BulkSubscribeEntries.Answer(["e0", "e1", "e2"], new HashSet<string> { "e1" });

        Assert.Equal([("e0", "SUCCESS"), ("e1", "RETRY"), ("e2", "SUCCESS")],
            answer.Statuses.Select(s => (s.EntryId, s.Status.ToString())));
    }
}
