namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>One partition of a topic: an append-only log of records with increasing offsets.</summary>
internal sealed class KafkaPartition(int index)
{
    private readonly List<KafkaRecord> _log = [];
    private readonly Lock _gate = new();

    public int Index { get; } = index;

    /// <summary>Pulsed on every append.</summary>
    public AsyncSignal Appended { get; } = new();

    public long EndOffset
    {
        get
        {
            lock (_gate)
            {
                return _log.Count;
            }
        }
    }

    public long Append(string? key, PubSubMessage message)
    {
        long offset;
        lock (_gate)
        {
            offset = _log.Count;
            _log.Add(new KafkaRecord(Index, offset, key, message, DateTimeOffset.UtcNow));
        }

        Appended.Pulse();
        return offset;
    }

    public KafkaRecord? Read(long offset)
    {
        lock (_gate)
        {
            return offset < _log.Count ? _log[(int)offset] : null;
        }
    }
}

/// <summary>A record: where it sits, its key (the <c>partitionKey</c> publish metadata), the message and when it was appended.</summary>
internal sealed record KafkaRecord(int Partition, long Offset, string? Key, PubSubMessage Message, DateTimeOffset Timestamp)
{
    /// <summary>
    /// The metadata a consumer hands the sidecar (contrib common/component/kafka/consumer.go <c>GetEventMetadata</c>):
    /// <c>__key</c> when keyed, <c>__offset</c>, <c>__topic</c>, <c>__timestamp</c> (Unix ms), <c>__partition</c>, and
    /// the record's headers, which the producer wrote from the publish metadata.
    /// </summary>
    public IReadOnlyDictionary<string, string> ConsumerMetadata(string topic)
    {
        var metadata = new Dictionary<string, string>(Message.Metadata.Count + 5, StringComparer.Ordinal);
        if (Key is not null)
        {
            metadata["__key"] = Key;
        }

        metadata["__offset"] = Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["__topic"] = topic;
        metadata["__timestamp"] = Timestamp.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["__partition"] = Partition.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in Message.Metadata)
        {
            metadata[name] = value;
        }

        return metadata;
    }
}
