using DaprSupport.Contracts.Webhooks;

namespace DaprSupport.Webhooks;

/// <summary>An event waiting for its next attempt.</summary>
public sealed record PendingDelivery(
    WebhookEvent Event, int Attempts, DateTimeOffset NextAttemptAt, int? LastStatus, string? LastError);

/// <summary>A dead-lettered event, kept so that an admin can queue it again.</summary>
public sealed record DeadLetter(WebhookEvent Event, WebhookAttempt Attempt);

/// <summary>
/// One endpoint's deliveries as its actor stores them, and the pure transitions between them: queue (deduplicated
/// on the event id), due, delivered, failed (retry or dead letter), retry a dead letter. The actor does the effects.
/// </summary>
public sealed record WebhookBook(
    List<PendingDelivery> Pending, List<WebhookAttempt> Recent, List<DeadLetter> DeadLetters, List<string> Seen)
{
    public const int KeepRecent = 50;
    public const int KeepDeadLetters = 100;
    public const int KeepSeen = 2000;

    public static WebhookBook Empty => new([], [], [], []);

    /// <summary>When the next attempt is due; null when nothing waits.</summary>
    public DateTimeOffset? NextWake => Pending.Count == 0 ? null : Pending.Min(p => p.NextAttemptAt);

    /// <summary>Queues the event unless its id was seen; a full queue dead-letters it at once.</summary>
    public (WebhookBook Book, bool Queued) Enqueue(WebhookEvent webhookEvent, DateTimeOffset now, int maxPending)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (Seen.Contains(webhookEvent.Id))
        {
            return (this, false);
        }

        var seen = Bounded([.. Seen, webhookEvent.Id], KeepSeen);
        if (Pending.Count >= maxPending)
        {
            var full = new WebhookAttempt(webhookEvent.Id, webhookEvent.Topic, WebhookOutcomes.DeadLettered, 0, now,
                null, $"the endpoint's queue is full ({maxPending} events wait)");
            return (this with
            {
                Seen = seen,
                DeadLetters = Bounded([.. DeadLetters, new DeadLetter(webhookEvent, full)], KeepDeadLetters),
                Recent = Bounded([.. Recent, full], KeepRecent),
            }, false);
        }

        var queued = new PendingDelivery(webhookEvent, 0, now, null, null);
        return (this with { Seen = seen, Pending = [.. Pending, queued] }, true);
    }

    /// <summary>The deliveries due at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<PendingDelivery> Due(DateTimeOffset now, int most) =>
        [.. Pending.Where(p => p.NextAttemptAt <= now).OrderBy(p => p.NextAttemptAt).Take(most)];

    public WebhookBook Delivered(string eventId, int status, DateTimeOffset now)
    {
        var pending = Find(eventId);
        var attempt = new WebhookAttempt(eventId, pending.Event.Topic, WebhookOutcomes.Delivered,
            pending.Attempts + 1, now, status, null);
        return this with
        {
            Pending = [.. Pending.Where(p => p.Event.Id != eventId)],
            Recent = Bounded([.. Recent, attempt], KeepRecent),
        };
    }

    /// <summary>
    /// An attempt failed: with <paramref name="retryAfter"/> the event waits that long; without, it is dead-lettered.
    /// </summary>
    public WebhookBook Failed(string eventId, int? status, string error, DateTimeOffset now, TimeSpan? retryAfter)
    {
        var pending = Find(eventId);
        var attempts = pending.Attempts + 1;
        var rest = Pending.Where(p => p.Event.Id != eventId).ToList();
        if (retryAfter is { } wait)
        {
            var retrying = new WebhookAttempt(eventId, pending.Event.Topic, WebhookOutcomes.Retrying, attempts, now,
                status, error);
            return this with
            {
                Pending = [.. rest, pending with
                {
                    Attempts = attempts, NextAttemptAt = now + wait, LastStatus = status, LastError = error,
                }],
                Recent = Bounded([.. Recent, retrying], KeepRecent),
            };
        }

        var dead = new WebhookAttempt(eventId, pending.Event.Topic, WebhookOutcomes.DeadLettered, attempts, now,
            status, error);
        return this with
        {
            Pending = rest,
            DeadLetters = Bounded([.. DeadLetters, new DeadLetter(pending.Event, dead)], KeepDeadLetters),
            Recent = Bounded([.. Recent, dead], KeepRecent),
        };
    }

    /// <summary>Every waiting event dead-lettered with one reason (the endpoint was removed).</summary>
    public WebhookBook DeadLetterAll(string error, DateTimeOffset now)
    {
        var book = this;
        foreach (var pending in Pending)
        {
            book = book.Failed(pending.Event.Id, pending.LastStatus, error, now, retryAfter: null);
        }

        return book;
    }

    /// <summary>Queues a dead letter again with a fresh set of attempts.</summary>
    public (WebhookBook Book, bool Found) Retry(string eventId, DateTimeOffset now)
    {
        var dead = DeadLetters.FirstOrDefault(d => d.Event.Id == eventId);
        if (dead is null)
        {
            return (this, false);
        }

        return (this with
        {
            DeadLetters = [.. DeadLetters.Where(d => d.Event.Id != eventId)],
            Pending = [.. Pending, new PendingDelivery(dead.Event, 0, now, null, null)],
        }, true);
    }

    private PendingDelivery Find(string eventId) =>
        Pending.FirstOrDefault(p => p.Event.Id == eventId)
        ?? throw new InvalidOperationException($"Event {eventId} is not pending.");

    private static List<T> Bounded<T>(List<T> items, int most) =>
        items.Count <= most ? items : items.GetRange(items.Count - most, most);
}
