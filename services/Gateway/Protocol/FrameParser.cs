using System.Text.Json;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Gateway.Protocol;

/// <summary>Turns one text frame into a <see cref="ClientFrame"/>, or says why it is a bad_frame.</summary>
public static class FrameParser
{
    public static ClientFrame? TryParse(ReadOnlySpan<byte> utf8, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                error = "A frame is a JSON object with a string field \"type\".";
                return null;
            }

            ClientFrame? frame = type.GetString() switch
            {
                FrameTypes.Hello => root.Deserialize<HelloFrame>(JsonDefaults.Options),
                FrameTypes.Start => root.Deserialize<StartFrame>(JsonDefaults.Options),
                FrameTypes.Send => root.Deserialize<SendFrame>(JsonDefaults.Options),
                FrameTypes.Read => root.Deserialize<ReadFrame>(JsonDefaults.Options),
                FrameTypes.Presence => root.Deserialize<PresenceFrame>(JsonDefaults.Options),
                FrameTypes.Accept => root.Deserialize<AcceptFrame>(JsonDefaults.Options),
                FrameTypes.Transfer => root.Deserialize<TransferFrame>(JsonDefaults.Options),
                FrameTypes.Resolve => root.Deserialize<ResolveFrame>(JsonDefaults.Options),
                FrameTypes.Ping => new PingFrame(),
                var other => null,
            };
            if (frame is null)
            {
                error = $"Unknown frame type \"{type.GetString()}\".";
            }

            return frame;
        }
        catch (JsonException e)
        {
            error = "Malformed JSON: " + e.Message;
            return null;
        }
    }
}
