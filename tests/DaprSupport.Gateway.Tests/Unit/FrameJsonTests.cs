using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// The frames' source-generated metadata (<see cref="FrameJson"/>): used for them, and the frames on the wire are
/// byte for byte what reflection wrote (docs/protocol.md is the contract with every client).
/// </summary>
public sealed class FrameJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static TheoryData<ServerFrame> Frames() =>
    [
        new ItemFrame("s-1", 4, "text", null, new Participant("visitor", "h_00", "Ann"), "hi \u2028 <b>",
            new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), "c-1"),
        new AckFrame("c-1", "s-1", 4),
        new SessionFrame("s-1", "queued", null, 3, "billing"),
        new ErrorFrame("rate_limited", "Slow down.", "c-1", 1500),
        new PongFrame(),
    ];

    [Theory]
    [MemberData(nameof(Frames))]
    public void A_frame_is_written_from_generated_metadata_exactly_as_reflection_wrote_it(ServerFrame frame)
    {
        var type = frame.GetType();
        Assert.Same(FrameJsonContext.Default, FrameJson.Options.GetTypeInfo(type).OriginatingResolver);

        var written = JsonSerializer.Serialize(frame, type, FrameJson.Options);

        Assert.Equal(JsonSerializer.Serialize(frame, type, Reflection), written);
        Assert.StartsWith("{\"type\":", written, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_frame_is_read_from_generated_metadata()
    {
        Assert.Same(FrameJsonContext.Default, FrameJson.Options.GetTypeInfo(typeof(SendFrame)).OriginatingResolver);

        var frame = FrameParser.TryParse("""{"type":"send","clientMsgId":"c-1","sessionId":"s-1","text":"hi"}"""u8, out var error);

        Assert.Null(error);
        Assert.Equal(new SendFrame("c-1", "s-1", "hi"), frame);
    }
}
