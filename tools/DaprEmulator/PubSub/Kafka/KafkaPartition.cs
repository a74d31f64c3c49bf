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
            _log.Add(new KafkaRecord(Index, offset, key, message));
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

/// <summary>A record: where it sits, its key (the <c>partitionKey</c> publish metadata) and the message.</summary>
internal sealed record KafkaRecord(int Partition, long Offset, string? Key, PubSubMessage Message);
