using System.Collections.Concurrent;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Resiliency;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// <c>pubsub.in-memory</c> as in components-contrib: in-process, no persistence, no consumer groups. Every subscriber
/// of a topic receives every message published after it subscribed; messages are handed over concurrently.
/// </summary>
internal sealed class InMemoryPubSub(ComponentSpec spec, EmulatorOptions options) : IPubSubComponent
{
    private readonly ConcurrentDictionary<string, ImmutableSubscribers> _topics = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly RetrySpec _backoff = ComponentBackoff.From(spec);
    private readonly ILogger _logger = options.LoggerFactory.CreateLogger("pubsub.in-memory");

    public string Name => spec.Name;

    public string Type => spec.Type;

    public Task PublishAsync(PubSubMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var subscriber in _topics.GetValueOrDefault(message.Topic)?.Items ?? [])
        {
            _ = Task.Run(() => ComponentBackoff.DeliverWithRetriesAsync(
                _backoff,
                ct => subscriber.Handler(message, ct),
                (ex, attempt) => _logger.LogWarning(ex, "in-memory pub/sub {Name}: delivery on {Topic} failed (attempt {Attempt})", Name, message.Topic, attempt + 1),
                subscriber.Left.Token));
        }

        return Task.CompletedTask;
    }

    public IDisposable Subscribe(SubscribeRequest request, Func<PubSubMessage, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subscriber = new Subscriber(handler, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token), this, request.Topic);
        _topics.AddOrUpdate(request.Topic, _ => new([subscriber]), (_, s) => new([.. s.Items, subscriber]));
        return subscriber;
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        return ValueTask.CompletedTask;
    }

    private sealed record ImmutableSubscribers(IReadOnlyList<Subscriber> Items);

    private sealed class Subscriber(Func<PubSubMessage, CancellationToken, Task> handler, CancellationTokenSource left, InMemoryPubSub owner, string topic) : IDisposable
    {
        public Func<PubSubMessage, CancellationToken, Task> Handler { get; } = handler;

        public CancellationTokenSource Left { get; } = left;

        public void Dispose()
        {
            owner._topics.AddOrUpdate(topic, _ => new([]), (_, s) => new([.. s.Items.Where(i => i != this)]));
            Left.Cancel();
        }
    }
}
