using System.Text.Json;
using DaprSupport.Contracts.Webhooks;
using DaprSupport.Webhooks;

namespace DaprSupport.Routing.Tests.Webhooks;

/// <summary>The pure bookkeeping of one webhook endpoint: dedupe, due order, retry, dead letter, resend.</summary>
public sealed class WebhookBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static WebhookEvent Event(string id) =>
        new(id, "support.sessions", Now, JsonDocument.Parse("""{"n":1}""").RootElement.Clone());

    [Fact]
    public void An_event_id_is_queued_once_even_after_it_was_delivered()
    {
        var (book, queued) = WebhookBook.Empty.Enqueue(Event("a"), Now, maxPending: 10);
        book = book.Delivered("a", 200, Now);
        var (again, queuedAgain) = book.Enqueue(Event("a"), Now, maxPending: 10);

        Assert.True(queued);
        Assert.False(queuedAgain);
        Assert.Empty(again.Pending);
        Assert.Equal(WebhookOutcomes.Delivered, Assert.Single(again.Recent).Outcome);
    }

    [Fact]
    public void A_failure_with_a_wait_keeps_the_event_for_later_and_without_one_dead_letters_it()
    {
        var (book, _) = WebhookBook.Empty.Enqueue(Event("a"), Now, 10);
        book = book.Failed("a", 503, "the receiver answered 503", Now, TimeSpan.FromSeconds(10));

        Assert.Empty(book.Due(Now.AddSeconds(9), 10));
        var due = Assert.Single(book.Due(Now.AddSeconds(10), 10));
        Assert.Equal(1, due.Attempts);
        Assert.Equal(Now.AddSeconds(10), book.NextWake);

        book = book.Failed("a", 500, "the receiver answered 500", Now.AddSeconds(10), retryAfter: null);
        Assert.Empty(book.Pending);
        Assert.Null(book.NextWake);
        var dead = Assert.Single(book.DeadLetters);
        Assert.Equal((2, 500, WebhookOutcomes.DeadLettered), (dead.Attempt.Attempts, dead.Attempt.LastStatus, dead.Attempt.Outcome));
    }

    [Fact]
    public void A_resent_dead_letter_starts_a_fresh_set_of_attempts_and_an_unknown_one_is_not_found()
    {
        var (book, _) = WebhookBook.Empty.Enqueue(Event("a"), Now, 10);
        book = book.Failed("a", null, "refused", Now, retryAfter: null);

        var (resent, found) = book.Retry("a", Now.AddMinutes(1));
        var (_, missing) = resent.Retry("b", Now);

        Assert.True(found);
        Assert.False(missing);
        Assert.Empty(resent.DeadLetters);
        Assert.Equal(0, Assert.Single(resent.Pending).Attempts);
    }

    [Fact]
    public void A_full_queue_dead_letters_a_new_event_at_once()
    {
        var (book, _) = WebhookBook.Empty.Enqueue(Event("a"), Now, maxPending: 1);
        var (full, queued) = book.Enqueue(Event("b"), Now, maxPending: 1);

        Assert.False(queued);
        Assert.Equal("b", Assert.Single(full.DeadLetters).Event.Id);
        Assert.Contains("queue is full", full.DeadLetters[0].Attempt.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Due_deliveries_come_oldest_first_and_removal_of_the_endpoint_dead_letters_them_all()
    {
        var book = WebhookBook.Empty;
        foreach (var id in new[] { "a", "b", "c" })
        {
            book = book.Enqueue(Event(id), Now, 10).Book;
        }

        book = book.Failed("a", 500, "x", Now, TimeSpan.FromSeconds(5));
        Assert.Equal(["b", "c"], book.Due(Now, 10).Select(p => p.Event.Id));
        Assert.Equal(["b", "c", "a"], book.Due(Now.AddSeconds(5), 10).Select(p => p.Event.Id));

        var removed = book.DeadLetterAll("gone", Now);
        Assert.Empty(removed.Pending);
        Assert.Equal(3, removed.DeadLetters.Count);
    }
}
