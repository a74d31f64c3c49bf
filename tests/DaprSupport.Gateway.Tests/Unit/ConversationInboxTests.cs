using DaprSupport.Gateway.Realtime.Conversations;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="ConversationInbox"/>: the conversation's inbound queue (many writers, the pump reads), bounded, with
/// one reusable waiter instead of a channel's helper objects.
/// </summary>
public sealed class ConversationInboxTests
{
    private static readonly CancellationToken Never = CancellationToken.None;

    [Fact]
    public async Task Inputs_come_out_in_the_order_written_and_a_full_inbox_refuses_more()
    {
        var inbox = new ConversationInbox(capacity: 2);
        var first = Input();
        var second = Input();

        Assert.True(inbox.TryWrite(first));
        Assert.True(inbox.TryWrite(second));
        Assert.False(inbox.TryWrite(Input()));

        Assert.True(await inbox.WaitToReadAsync(Never));
        Assert.True(inbox.TryRead(out var one));
        Assert.True(inbox.TryRead(out var two));
        Assert.False(inbox.TryRead(out _));
        Assert.Same(first, one);
        Assert.Same(second, two);
        Assert.True(inbox.TryWrite(Input()));
    }

    [Fact]
    public async Task A_waiting_read_wakes_on_each_write_and_the_waiter_is_reused()
    {
        var inbox = new ConversationInbox(capacity: 4);
        for (var i = 0; i < 3; i++)
        {
            var wait = inbox.WaitToReadAsync(Never);
            Assert.False(wait.IsCompleted);

            var input = Input();
            Assert.True(inbox.TryWrite(input));
            Assert.True(await wait);
            Assert.True(inbox.TryRead(out var read));
            Assert.Same(input, read);
        }
    }

    [Fact]
    public async Task After_complete_the_queued_inputs_are_still_read_then_the_wait_answers_false()
    {
        var inbox = new ConversationInbox(capacity: 4);
        var queued = Input();
        Assert.True(inbox.TryWrite(queued));

        inbox.Complete();

        Assert.False(inbox.TryWrite(Input()));
        Assert.True(await inbox.WaitToReadAsync(Never));
        Assert.True(inbox.TryRead(out var read));
        Assert.Same(queued, read);
        Assert.False(await inbox.WaitToReadAsync(Never));
    }

    [Fact]
    public async Task Complete_ends_a_waiting_read_with_false()
    {
        var inbox = new ConversationInbox(capacity: 4);
        var wait = inbox.WaitToReadAsync(Never);

        inbox.Complete();

        Assert.False(await wait);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_the_next_wait_still_works()
    {
        var inbox = new ConversationInbox(capacity: 4);
        using var cancel = new CancellationTokenSource();
        var wait = inbox.WaitToReadAsync(cancel.Token);

        await cancel.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await wait);
        Assert.Equal(cancel.Token, thrown.CancellationToken);
        var next = inbox.WaitToReadAsync(Never);
        Assert.True(inbox.TryWrite(Input()));
        Assert.True(await next);
    }

    [Fact]
    public async Task A_cancelled_token_wins_over_queued_inputs_as_with_a_channel()
    {
        var inbox = new ConversationInbox(capacity: 4);
        Assert.True(inbox.TryWrite(Input()));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await inbox.WaitToReadAsync(new CancellationToken(canceled: true)));
        Assert.True(inbox.TryRead(out _));
    }

    [Fact]
    public Task A_write_never_runs_the_readers_continuation_on_its_own_stack() =>
        // On the thread pool: xUnit's synchronization context would post the continuation anyway.
        Task.Run(async () =>
        {
            var inbox = new ConversationInbox(capacity: 4);
            var gate = new Lock();
            var ran = false;
            var reader = MarkAfter(inbox.WaitToReadAsync(Never));

            lock (gate)
            {
                // Run inline, the continuation would take this (re-entrant) lock and set the flag before this check.
                Assert.True(inbox.TryWrite(Input()));
                Assert.False(ran);
            }

            await reader;
            Assert.True(ran);

            async Task MarkAfter(ValueTask<bool> wait)
            {
                await wait;
                lock (gate)
                {
                    ran = true;
                }
            }
        });

    [Fact]
    public async Task Concurrent_writers_deliver_every_input_once_in_each_writers_order()
    {
        const int Writers = 4;
        const int PerWriter = 5_000;
        var inbox = new ConversationInbox(capacity: Writers * PerWriter);
        var inputs = Enumerable.Range(0, Writers)
            .Select(_ => Enumerable.Range(0, PerWriter).Select(_ => Input()).ToArray()).ToArray();
        var order = inputs.SelectMany((list, writer) => list.Select((input, i) => (input, writer, i)))
            .ToDictionary(x => (object)x.input, x => (x.writer, x.i), ReferenceEqualityComparer.Instance);

        var pump = Task.Run(async () =>
        {
            var last = Enumerable.Repeat(-1, Writers).ToArray();
            var count = 0;
            while (await inbox.WaitToReadAsync(Never))
            {
                while (inbox.TryRead(out var input))
                {
                    var (writer, i) = order[input];
                    Assert.Equal(last[writer] + 1, i);
                    last[writer] = i;
                    count++;
                }
            }

            return count;
        });
        await Task.WhenAll(inputs.Select(list => Task.Run(() =>
        {
            foreach (var input in list)
            {
                Assert.True(inbox.TryWrite(input));
            }
        })));
        inbox.Complete();

        Assert.Equal(Writers * PerWriter, await pump);
    }

    private static ConversationInput Input() => new Pushed(null!, default);
}
