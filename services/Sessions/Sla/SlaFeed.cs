using System.Threading.Channels;
using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Sla;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// What a session actor tells its tenant's <see cref="ISlaActor"/>, at the moments it already handles: assignment,
/// the first agent reply, transfer, the end and a breach (never per message). The events are queued here and sent
/// every <see cref="FlushEvery"/>, one <see cref="ISlaActor.RecordAllAsync"/> per tenant, outside the session actor's
/// turn: one actor per tenant cannot take a turn per accept during a start storm, and a session's turn must not wait
/// for it (it did, and accepts and texts behind it timed out). A failed batch is logged and dropped, as are the events
/// still queued when the replica stops: the SLA figures must never fail or slow a chat.
/// </summary>
public sealed class SlaFeed(IActorProxyFactory actors, TimeProvider time, ILogger<SlaFeed> logger)
    : BackgroundService
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>Events waiting at most; past it the oldest are dropped.</summary>
    public const int MaxQueued = 100_000;

    private const int MaxBatch = 500;
    private readonly Channel<(string Tenant, SlaEvent Event)> _queue =
        Channel.CreateBounded<(string, SlaEvent)>(new BoundedChannelOptions(MaxQueued)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

    public Task AssignedAsync(SessionSnapshot before, string skill, string agentId, DateTimeOffset now) =>
        Send(before.Tenant, new SlaEvent(
            SlaEventKinds.Assigned, before.SessionId, skill, now,
            before.QueuedAt is { } queued ? (now - queued).TotalSeconds : null, agentId, before.VisitorId));

    public Task FirstResponseAsync(SessionSnapshot session, string skill, DateTimeOffset now) =>
        session.CreatedAt is { } created
            ? Send(session.Tenant, new SlaEvent(
                SlaEventKinds.FirstResponse, session.SessionId, skill, now, (now - created).TotalSeconds))
            : Task.CompletedTask;

    public Task ReleasedAsync(SessionSnapshot session, string skill, DateTimeOffset now) =>
        Send(session.Tenant, new SlaEvent(SlaEventKinds.Released, session.SessionId, skill, now));

    /// <summary>The end: resolved (timed from creation) or abandoned (its queue wait).</summary>
    public Task EndedAsync(SessionSnapshot before, string skill, bool answered, DateTimeOffset now)
    {
        var (kind, since) = answered
            ? (SlaEventKinds.Resolved, before.CreatedAt)
            : (SlaEventKinds.Abandoned, before.QueuedAt ?? before.CreatedAt);
        return Send(before.Tenant, new SlaEvent(
            kind, before.SessionId, skill, now, since is { } from ? (now - from).TotalSeconds : null));
    }

    public Task BreachedAsync(SessionSnapshot session, string skill, string breach, DateTimeOffset now) =>
        Send(session.Tenant, new SlaEvent(
            breach == SlaBreach.FirstResponse ? SlaEventKinds.FirstResponseBreached : SlaEventKinds.ResolutionBreached,
            session.SessionId, skill, now));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync();
        }
    }

    private Task Send(string tenant, SlaEvent slaEvent)
    {
        _queue.Writer.TryWrite((tenant, slaEvent));
        return Task.CompletedTask;
    }

    private async Task FlushAsync()
    {
        var pending = new List<(string Tenant, SlaEvent Event)>();
        while (pending.Count < MaxQueued && _queue.Reader.TryRead(out var queued))
        {
            pending.Add(queued);
        }

        foreach (var tenant in pending.GroupBy(p => p.Tenant, StringComparer.Ordinal))
        {
            foreach (var batch in tenant.Select(p => p.Event).Chunk(MaxBatch))
            {
                try
                {
                    await actors.CreateActorProxy<ISlaActor>(ActorIds.Sla(tenant.Key), ActorTypes.Sla)
                        .RecordAllAsync(batch);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "{Count} SLA events of tenant {Tenant} were not recorded", batch.Length,
                        tenant.Key);
                }
            }
        }
    }
}
