using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.PubSub.Bulk;
using DaprSupport.DaprEmulator.Resiliency;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>
/// <c>pubsub.kafka</c> emulated in memory (component reference: reference/components-reference/supported-pubsub/setup-apache-kafka).
/// Records are keyed by the <c>partitionKey</c> publish metadata; the consumer group is <c>consumerGroup</c>, else
/// <c>consumerID</c>, else the app-id, with daprd's templates <c>{uuid}</c> (one per sidecar), <c>{appID}</c>,
/// <c>{podName}</c> and <c>{namespace}</c>; <c>initialOffset</c> is <c>newest</c> (default) or <c>oldest</c>.
/// A record the sidecar fails is retried by the component under its <c>backOff*</c> settings while
/// <c>consumeRetryEnabled</c> is true (the pubsub.kafka default, contrib pubsub/kafka/kafka.go), and tried once when it
/// is false; either way, once given up on, the partition moves on (contrib common/component/kafka/consumer.go).
/// A bulk subscription consumes each partition in batches (contrib pubsub/kafka/kafka.go <c>BulkSubscribe</c>, sizes
/// defaulting to <see cref="BulkSubscribeSettings.KafkaDefaults"/>).
/// </summary>
internal sealed class KafkaPubSub : IPubSubComponent, IBulkSubscriber
{
    private readonly ComponentSpec _spec;
    private readonly EmulatorOptions _options;
    private readonly KafkaCluster _cluster;
    private readonly RetrySpec _backoff;
    private int _disposed;

    public KafkaPubSub(ComponentSpec spec, EmulatorOptions options)
    {
        _spec = spec;
        _options = options;
        var brokers = spec.Get("brokers");
        if (string.IsNullOrWhiteSpace(brokers))
        {
            throw new EmulatorConfigurationException($"{spec.SourceFile}: pubsub.kafka component '{spec.Name}' needs the 'brokers' metadata.");
        }

        var initial = spec.Get("initialOffset") ?? "newest";
        if (initial is not ("newest" or "oldest"))
        {
            throw new EmulatorConfigurationException($"{spec.SourceFile}: initialOffset '{initial}' must be 'newest' or 'oldest'.");
        }

        FromOldest = initial == "oldest";
        _backoff = ConsumeRetryEnabled(spec) ? ComponentBackoff.From(spec) : ComponentBackoff.From(spec) with { MaxRetries = 0 };
        _cluster = KafkaCluster.Acquire(options, brokers);
        options.LoggerFactory.CreateLogger("pubsub.kafka").LogWarning("pubsub.kafka '{Name}' is emulated in memory", spec.Name);
    }

    public string Name => _spec.Name;

    /// <summary><c>consumeRetryEnabled</c> as mapstructure decodes it (true/false, 1/0); default true for pubsub.kafka.</summary>
    private static bool ConsumeRetryEnabled(ComponentSpec spec) => spec.Get("consumeRetryEnabled")?.Trim().ToLowerInvariant() switch
    {
        null or "" => true,
        "true" or "1" or "t" => true,
        "false" or "0" or "f" => false,
        var other => throw new EmulatorConfigurationException($"{spec.SourceFile}: consumeRetryEnabled '{other}' is not a boolean."),
    };

    public string Type => _spec.Type;

    public bool FromOldest { get; }

    public Task PublishAsync(PubSubMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = message.Metadata.GetValueOrDefault("partitionKey") ?? message.Metadata.GetValueOrDefault("__key");
        _cluster.Topic(message.Topic).Append(key, message);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(SubscribeRequest request, Func<PubSubMessage, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        var group = ConsumerGroupFor(request);
        return _cluster.Group(request.Topic, group, FromOldest).Join(handler, _backoff);
    }

    public IDisposable BulkSubscribe(SubscribeRequest request, BulkSubscribeSettings settings, Func<BulkMessage, CancellationToken, Task<BulkResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var (count, wait) = settings.WithDefaults(BulkSubscribeSettings.KafkaDefaults);
        return _cluster.Group(request.Topic, ConsumerGroupFor(request), FromOldest).JoinBulk(handler, count, wait, _backoff);
    }

    /// <summary>The consumer group a sidecar joins, with daprd's metadata templates resolved.</summary>
    public string ConsumerGroupFor(SubscribeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = request.Metadata.GetValueOrDefault("consumerGroup") is { Length: > 0 } g ? g
            : _spec.Get("consumerGroup") is { Length: > 0 } cg ? cg
            : _spec.Get("consumerID") is { Length: > 0 } id ? id
            : request.AppId;
        return template
            .Replace("{uuid}", request.SidecarInstance.ToString(), StringComparison.Ordinal)
            .Replace("{appID}", request.AppId, StringComparison.Ordinal)
            .Replace("{podName}", Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName, StringComparison.Ordinal)
            .Replace("{namespace}", Environment.GetEnvironmentVariable("NAMESPACE") ?? "default", StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _cluster.Release(_options);
        }

        return ValueTask.CompletedTask;
    }
}
