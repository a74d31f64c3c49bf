using System.Threading.Channels;
using DaprSupport.Sessions.Coordination;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>Concurrent dispatch requests for one tenant share passes, and nobody's change is missed.</summary>
public sealed class DispatchCoalescerTests
{
    [Fact]
    public async Task Requests_during_a_pass_share_one_later_pass_and_complete_only_after_it()
    {
        var started = Channel.CreateUnbounded<TaskCompletionSource>();
        var passes = 0;
        var coalescer = new DispatchCoalescer(async () =>
        {
            Interlocked.Increment(ref passes);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await started.Writer.WriteAsync(gate);
            await gate.Task;
        });

        var first = coalescer.RequestAsync();
        var firstGate = await started.Reader.ReadAsync();
        var second = coalescer.RequestAsync();
        var third = coalescer.RequestAsync();

        Assert.Same(second, third);
        Assert.False(second.IsCompleted);
        firstGate.SetResult();
        await first;

        var secondGate = await started.Reader.ReadAsync();
        Assert.False(second.IsCompleted, "the later pass must finish before its requesters continue");
        secondGate.SetResult();
        await second;
        Assert.Equal(2, passes);
    }

    [Fact]
    public async Task A_request_after_everything_finished_starts_a_new_pass()
    {
        var passes = 0;
        var coalescer = new DispatchCoalescer(() =>
        {
            Interlocked.Increment(ref passes);
            return Task.CompletedTask;
        });

        await coalescer.RequestAsync();
        await coalescer.RequestAsync();

        Assert.Equal(2, passes);
    }

    [Fact]
    public async Task A_failed_pass_fails_its_requesters_but_not_the_next_pass()
    {
        var calls = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var coalescer = new DispatchCoalescer(async () =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await release.Task;
                throw new InvalidOperationException("first pass fails");
            }
        });

        var first = coalescer.RequestAsync();
        var second = coalescer.RequestAsync();
        release.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await second;
        Assert.Equal(2, calls);
    }
}
