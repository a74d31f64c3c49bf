using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Contracts.Events;

/// <summary>
/// Every topic our services publish (docs/events.md renders it and a test keeps the two, and the payload schemas,
/// equal): on the <see cref="Components.PubSub"/> component, but for the gateways' typing signals, which only the
/// <see cref="Components.Fanout"/> component carries. Fanout reads the same topics with one consumer group per
/// replica.
/// </summary>
public static class EventCatalog
{
    private const string BySession = "session id";
    private const string ByTenant = "tenant";
    private static readonly Dictionary<string, IReadOnlyList<string>> None = [];

    public static IReadOnlyList<EventTopic> All { get; } =
    [
        new(Topics.Timeline, typeof(TimelineItem), nameof(TimelineItem), BySession, Public: true,
            new Dictionary<string, IReadOnlyList<string>> { ["event"] = Constants(typeof(TimelineEvents)) }),
        new(Topics.SessionLifecycle, typeof(SessionChanged), nameof(SessionChanged), BySession, Public: true,
            new Dictionary<string, IReadOnlyList<string>> { ["change"] = Constants(typeof(SessionChanges)) }),
        new(Topics.SessionRead, typeof(SessionRead), nameof(SessionRead), BySession, Public: true, None),
        new(Topics.SlaBreached, typeof(SlaBreach), nameof(SlaBreach), BySession, Public: true,
            new Dictionary<string, IReadOnlyList<string>> { ["kind"] = Constants(typeof(SlaBreach)) }),
        new(Topics.AgentPresence, typeof(AgentSnapshot), nameof(AgentSnapshot), ByTenant, Public: true, None),
        new(Topics.QueuePositions, typeof(QueuePositions), nameof(QueuePositions), ByTenant, Public: false, None),
        new(Topics.SessionTyping, typeof(SessionTyping), nameof(SessionTyping), BySession, Public: false, None),
        new(Topics.RoutingWakeUp, typeof(RoutingWakeUp), nameof(RoutingWakeUp), ByTenant, Public: false, None),
        new(Topics.TenantConfigChanged, null, "SignedTenantConfig", ByTenant, Public: false, None),
        new(Topics.DeadLetter, null, "the failed event's CloudEvent", "as published", Public: false, None),
    ];

    /// <summary>The public string constants of a constants class, in declaration order.</summary>
    public static IReadOnlyList<string> Constants(Type holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return [.. holder.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)];
    }
}
