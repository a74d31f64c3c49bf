using System.Diagnostics;
using Dapr.Actors.Runtime;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprSupport.Webhooks;

/// <summary>
/// One endpoint of one tenant (<see cref="ActorIds.Webhook"/>). Its turns make queueing and delivery atomic per
/// endpoint; its <see cref="WebhookBook"/> is in the actor store, and a one-shot reminder at the next due attempt
/// survives restarts. A turn delivers for at most <see cref="TurnBudget"/>, so queueing never waits long behind a
/// slow receiver. The endpoint's URL and secrets come from this replica's configuration cache.
/// </summary>
[Actor(TypeName = ActorTypes.Webhook)]
public sealed class WebhookActor(
    ActorHost host,
    TenantConfigCache configs,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookActor> logger) : Actor(host), IWebhookActor, IRemindable
{
    private const string StateKey = "book";
    private const string DeliverReminder = "deliver";
    private const string EndpointPrefix = "webhook:";
    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;
    private static readonly TimeSpan TurnBudget = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DisabledRecheck = TimeSpan.FromMinutes(1);
    private readonly WebhookOptions _options = options.Value;

    public async Task<bool> EnqueueAsync(WebhookEvent webhookEvent)
    {
        var (book, queued) = (await LoadAsync()).Enqueue(webhookEvent, time.GetUtcNow(), _options.MaxPending);
        await SaveAsync(book);
        if (queued)
        {
            WebhookMetrics.Queued.WithLabels(webhookEvent.Topic).Inc();
            await WakeAtAsync(book.NextWake);
        }

        return queued;
    }

    public async Task<WebhookStatus> GetStatusAsync()
    {
        var book = await LoadAsync();
        return new WebhookStatus(Endpoint.Id, book.Pending.Count, [.. Enumerable.Reverse(book.Recent)],
            [.. book.DeadLetters.Select(d => d.Attempt).Reverse()]);
    }

    public async Task<bool> RetryDeadLetterAsync(string eventId)
    {
        var (book, found) = (await LoadAsync()).Retry(eventId, time.GetUtcNow());
        if (found)
        {
            await SaveAsync(book);
            await WakeAtAsync(book.NextWake);
        }

        return found;
    }

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        var book = await LoadAsync();
        var endpoint = Configured();
        if (endpoint is null)
        {
            book = book.DeadLetterAll("the endpoint is no longer in the tenant's configuration", time.GetUtcNow());
            await SaveAsync(book);
            return;
        }

        if (!endpoint.Enabled)
        {
            await WakeAtAsync(time.GetUtcNow() + DisabledRecheck);
            return;
        }

        var clock = Stopwatch.StartNew();
        foreach (var due in book.Due(time.GetUtcNow(), most: 50))
        {
            if (clock.Elapsed > TurnBudget)
            {
                break;
            }

            book = await AttemptAsync(book, endpoint, due);
        }

        await SaveAsync(book);
        await WakeAtAsync(book.NextWake);
    }

    private async Task<WebhookBook> AttemptAsync(WebhookBook book, WebhookEndpoint endpoint, PendingDelivery due)
    {
        var result = await sender.SendAsync(Endpoint.Tenant, endpoint, due.Event, CancellationToken.None);
        var now = time.GetUtcNow();
        if (result.Delivered)
        {
            WebhookMetrics.Attempts.WithLabels(WebhookOutcomes.Delivered).Inc();
            return book.Delivered(due.Event.Id, result.Status!.Value, now);
        }

        var retryAfter = WebhookRetryPlan.After(due.Attempts + 1, result.Status, Random.Shared.NextDouble(), _options);
        var outcome = retryAfter is null ? WebhookOutcomes.DeadLettered : WebhookOutcomes.Retrying;
        WebhookMetrics.Attempts.WithLabels(outcome).Inc();
        logger.LogInformation(
            "Webhook {Endpoint} of {Tenant}: event {EventId} attempt {Attempt} failed ({Error}); {Outcome}",
            Endpoint.Id, Endpoint.Tenant, due.Event.Id, due.Attempts + 1, result.Error, outcome);
        return book.Failed(due.Event.Id, result.Status, result.Error ?? "failed", now, retryAfter);
    }

    private WebhookEndpoint? Configured() =>
        configs.TryGet(Endpoint.Tenant, out var snapshot)
            ? snapshot.Document.Webhooks.FirstOrDefault(w => w.Id == Endpoint.Id)
            : null;

    private (string Tenant, string Id) Endpoint
    {
        get
        {
            var (tenant, id) = ActorIds.Parse(Id);
            return (tenant, id.StartsWith(EndpointPrefix, StringComparison.Ordinal) ? id[EndpointPrefix.Length..] : id);
        }
    }

    private async Task<WebhookBook> LoadAsync() =>
        (await StateManager.TryGetStateAsync<WebhookBook>(StateKey)) is { HasValue: true } stored
            ? stored.Value
            : WebhookBook.Empty;

    private async Task SaveAsync(WebhookBook book)
    {
        await StateManager.SetStateAsync(StateKey, book);
        await StateManager.SaveStateAsync();
    }

    private async Task WakeAtAsync(DateTimeOffset? at)
    {
        if (at is { } due)
        {
            var wait = due - time.GetUtcNow();
            await RegisterReminderAsync(DeliverReminder, null, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Once);
        }
    }
}
