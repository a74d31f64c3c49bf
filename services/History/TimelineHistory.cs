using System.Text.Json;
using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.History;

/// <summary>
/// Stores and reads timeline items in the history store, one key per item. Every item is written with the tenant's
/// retention at the time of the write as its TTL (<see cref="IHistoryRetention"/>).
/// </summary>
public sealed class TimelineHistory(DaprClient dapr, IHistoryRetention retention)
{
    public const int MaxPage = 500;

    private const string TtlInSeconds = "ttlInSeconds";

    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };

    /// <summary>Idempotent: a redelivered item overwrites itself with the same content.</summary>
    public Task StoreAsync(TimelineItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return dapr.SaveStateAsync(
            Components.HistoryStore, HistoryKeys.Item(item.Tenant, item.SessionId, item.Seq), item,
            metadata: Retention(item.Tenant), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Stores a new item only if its seq is free (first-write): the item's one durable write, which also takes the
    /// seq, so two writers can never both own it. A taken seq fails the call (daprd: ETag mismatch, gRPC Aborted).
    /// </summary>
    public Task ClaimAsync(TimelineItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return dapr.SaveStateAsync(
            Components.HistoryStore, HistoryKeys.Item(item.Tenant, item.SessionId, item.Seq), item,
            FirstWrite, Retention(item.Tenant), cancellationToken);
    }

    /// <summary>Deletes items (those a failed turn wrote and nobody was told about) in one transaction.</summary>
    public Task DeleteAsync(
        string tenant, string sessionId, IReadOnlyList<long> seqs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        var operations = seqs.Select(seq => new StateTransactionRequest(
            HistoryKeys.Item(tenant, sessionId, seq), null, StateOperationType.Delete)).ToList();
        return dapr.ExecuteStateTransactionAsync(
            Components.HistoryStore, operations, cancellationToken: cancellationToken);
    }

    /// <summary>Stores several items in one state transaction (one commit on the history store).</summary>
    public Task StoreAllAsync(IReadOnlyList<TimelineItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 1)
        {
            return StoreAsync(items[0], cancellationToken);
        }

        var operations = items.Select(item => new StateTransactionRequest(
            HistoryKeys.Item(item.Tenant, item.SessionId, item.Seq),
            JsonSerializer.SerializeToUtf8Bytes(item, JsonDefaults.Options),
            StateOperationType.Upsert,
            metadata: Retention(item.Tenant))).ToList();
        return dapr.ExecuteStateTransactionAsync(
            Components.HistoryStore, operations, cancellationToken: cancellationToken);
    }

    private Dictionary<string, string> Retention(string tenant) =>
        new(StringComparer.Ordinal) { [TtlInSeconds] = HistoryOptions.TtlMetadataValue(retention.DaysFor(tenant)) };

    /// <summary>Items with seq in (afterSeq, upToSeq], in order, stopping at the first one not stored.</summary>
    public async Task<IReadOnlyList<TimelineItem>> ReadAsync(
        string tenant, string sessionId, long afterSeq, long upToSeq, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        for (var seq = afterSeq + 1; seq <= upToSeq && keys.Count < MaxPage; seq++)
        {
            keys.Add(HistoryKeys.Item(tenant, sessionId, seq));
        }

        if (keys.Count == 0)
        {
            return [];
        }

        var found = await dapr.GetBulkStateAsync<TimelineItem>(
            Components.HistoryStore, keys, parallelism: 8, cancellationToken: cancellationToken);
        var byKey = found.Where(f => f.Value is not null)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var items = new List<TimelineItem>(keys.Count);
        foreach (var key in keys)
        {
            if (!byKey.TryGetValue(key, out var item))
            {
                break;
            }

            items.Add(item);
        }

        return items;
    }
}
