using System.Text.Json;
using System.Text.Json.Serialization;
using DaprSupport.Contracts;

namespace DaprSupport.Gateway.Protocol;

/// <summary>
/// Source-generated metadata for the WebSocket frames, generated with <see cref="JsonDefaults"/>' settings: every
/// message crosses the gateway as a parsed client frame and two or more server frames.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ItemFrame))]
[JsonSerializable(typeof(AckFrame))]
[JsonSerializable(typeof(SessionFrame))]
[JsonSerializable(typeof(OfferFrame))]
[JsonSerializable(typeof(OfferEndedFrame))]
[JsonSerializable(typeof(ReadReceiptFrame))]
[JsonSerializable(typeof(TypingRelayFrame))]
[JsonSerializable(typeof(ErrorFrame))]
[JsonSerializable(typeof(PongFrame))]
[JsonSerializable(typeof(HelloFrame))]
[JsonSerializable(typeof(StartFrame))]
[JsonSerializable(typeof(SendFrame))]
[JsonSerializable(typeof(ReadFrame))]
[JsonSerializable(typeof(PresenceFrame))]
[JsonSerializable(typeof(AcceptFrame))]
[JsonSerializable(typeof(DeclineFrame))]
[JsonSerializable(typeof(TransferFrame))]
[JsonSerializable(typeof(ResolveFrame))]
[JsonSerializable(typeof(TypingFrame))]
[JsonSerializable(typeof(NoteFrame))]
internal sealed partial class FrameJsonContext : JsonSerializerContext;

/// <summary>The options frames are read and written with: <see cref="JsonDefaults.Options"/>, frames first.</summary>
public static class FrameJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonDefaults.Options);
        options.TypeInfoResolverChain.Insert(0, FrameJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}
