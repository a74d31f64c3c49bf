using System.Text.Json;
using System.Text.Json.Serialization;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Contracts;

/// <summary>
/// Source-generated System.Text.Json metadata for the contracts every message or start carries (timeline items,
/// actor requests and answers, lifecycle and routing events). Generated with <see cref="JsonDefaults"/>' settings, so
/// serializing them takes the generated fast path; without it, each type's metadata is built by reflection, and every
/// options copy (Dapr.Actors copies them per remoting proxy) emits and JIT-compiles its accessors again.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TimelineItem))]
[JsonSerializable(typeof(AppendTextRequest))]
[JsonSerializable(typeof(AppendResult))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(AcceptRequest))]
[JsonSerializable(typeof(DeclineRequest))]
[JsonSerializable(typeof(ResolveRequest))]
[JsonSerializable(typeof(MarkReadRequest))]
[JsonSerializable(typeof(SessionResult))]
[JsonSerializable(typeof(SessionSnapshot))]
[JsonSerializable(typeof(SessionChanged))]
[JsonSerializable(typeof(SessionTyping))]
[JsonSerializable(typeof(SessionRead))]
[JsonSerializable(typeof(AgentSnapshot))]
[JsonSerializable(typeof(QueuePositions))]
[JsonSerializable(typeof(QueueEntry))]
[JsonSerializable(typeof(RoutingWakeUp))]
public sealed partial class ContractsJson : JsonSerializerContext;
