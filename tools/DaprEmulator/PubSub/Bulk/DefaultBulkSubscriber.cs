using System.Threading.Channels;

namespace DaprSupport.DaprEmulator.PubSub.Bulk;

/// <summary>
/// daprd's bulk subscriber for components without one of their own (dapr/dapr pkg/runtime/pubsub/default_bulksub.go):
/// each message the component delivers waits in a buffer (entry id a new UUID) until the batch holds
/// <c>maxMessagesCount</c> entries or the <c>maxAwaitDurationMs</c> ticker fires; the component's delivery then ends with
/// its entry's error, or the batch's error when daprd returned no responses.
/// </summary>
internal static class DefaultBulkSubscriber
{
    public static IDisposable Subscribe(
        IPubSubComponent component, SubscribeRequest request, BulkSubscribeSettings settings, Func<BulkMessage, CancellationToken, Task<BulkResult>> handler)
    {
        var (count, wait) = settings.WithDefaults(BulkSubscribeSettings.RuntimeDefaults);
        var queue = Channel.CreateBounded<Waiting>(count);
        var stop = new CancellationTokenSource();
        _ = Task.Run(() => RunAsync(request.Topic, queue.Reader, count, wait, handler, stop.Token), CancellationToken.None);
        var subscription = component.Subscribe(request, async (message, ct) =>
        {
            var waiting = new Waiting(new BulkMessageEntry(Guid.NewGuid().ToString(), message.Data, message.ContentType, message.Metadata));
            await queue.Writer.WriteAsync(waiting, ct);
            if (await waiting.Done.Task.WaitAsync(ct) is { } error)
            {
                throw new InvalidOperationException($"bulk delivery of entry {waiting.Entry.EntryId} failed", error);
            }
        });
        return new Stop(subscription, stop);
    }

    private static async Task RunAsync(
        string topic, ChannelReader<Waiting> queue, int count, TimeSpan wait, Func<BulkMessage, CancellationToken, Task<BulkResult>> handler,
        CancellationToken stopping)
    {
        using var ticker = new PeriodicTimer(wait);
        var batch = new List<Waiting>(count);
        var tick = ticker.WaitForNextTickAsync(stopping).AsTask();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var read = queue.WaitToReadAsync(stopping).AsTask();
                if (await Task.WhenAny(read, tick) == tick)
                {
                    await tick;
                    await FlushAsync(topic, batch, handler, stopping);
                    tick = ticker.WaitForNextTickAsync(stopping).AsTask();
                    continue;
                }

                while (batch.Count < count && queue.TryRead(out var waiting))
                {
                    batch.Add(waiting);
                }

                if (batch.Count >= count)
                {
                    await FlushAsync(topic, batch, handler, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            foreach (var waiting in batch)
            {
                waiting.Done.TrySetCanceled(stopping);
            }
        }
    }

    private static async Task FlushAsync(string topic, List<Waiting> batch, Func<BulkMessage, CancellationToken, Task<BulkResult>> handler, CancellationToken stopping)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var result = await handler(new BulkMessage(topic, [.. batch.Select(w => w.Entry)], new Dictionary<string, string>()), stopping);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(result.Error is null ? null : result.Entries is { } entries ? entries[i] : result.Error);
        }

        batch.Clear();
    }

    private sealed record Waiting(BulkMessageEntry Entry)
    {
        public TaskCompletionSource<Exception?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Stop(IDisposable subscription, CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            subscription.Dispose();
            stop.Cancel();
            stop.Dispose();
        }
    }
}
