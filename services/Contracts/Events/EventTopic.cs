namespace DaprSupport.Contracts.Events;

/// <summary>
/// One topic of the event catalogue (docs/events.md): what is published on it, keyed by what, and whether services
/// other than ours may subscribe to it.
/// </summary>
/// <param name="Topic">The topic name (<see cref="Topics"/>).</param>
/// <param name="Payload">
/// The CloudEvent <c>data</c> type; its JSON Schema is <c>docs/schemas/events/{Topic}.schema.json</c>. Null for an
/// internal topic whose payload is not a contract (its shape may change in any release).
/// </param>
/// <param name="PayloadName">The payload's name in the catalogue.</param>
/// <param name="PartitionKey">What the publisher sets as <c>partitionKey</c> (the Kafka record key).</param>
/// <param name="Public">Whether other teams may subscribe (a public topic's payload only grows, never changes).</param>
/// <param name="Values">
/// The closed sets of string values a payload field takes (field name → values), e.g. a session change's
/// <c>change</c>.
/// </param>
public sealed record EventTopic(
    string Topic,
    Type? Payload,
    string PayloadName,
    string PartitionKey,
    bool Public,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values);
