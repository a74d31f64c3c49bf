using DaprSupport.Contracts;
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
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type)
                || type.ValueKind != JsonValueKind.String)
            {
                error = "A frame is a JSON object with a string field \"type\".";
                return null;
            }

            if (!TryGetText(type, out var name))
            {
                error = "The frame type is not valid Unicode text.";
                return null;
            }

            ClientFrame? frame = name switch
            {
                FrameTypes.Hello => root.Deserialize<HelloFrame>(FrameJson.Options),
                FrameTypes.Start => root.Deserialize<StartFrame>(FrameJson.Options),
                FrameTypes.Send => root.Deserialize<SendFrame>(FrameJson.Options),
                FrameTypes.Read => root.Deserialize<ReadFrame>(FrameJson.Options),
                FrameTypes.Presence => root.Deserialize<PresenceFrame>(FrameJson.Options),
                FrameTypes.Accept => root.Deserialize<AcceptFrame>(FrameJson.Options),
                FrameTypes.Decline => root.Deserialize<DeclineFrame>(FrameJson.Options),
                FrameTypes.Transfer => root.Deserialize<TransferFrame>(FrameJson.Options),
                FrameTypes.Resolve => root.Deserialize<ResolveFrame>(FrameJson.Options),
                FrameTypes.Ping => new PingFrame(),
                FrameTypes.Typing => root.Deserialize<TypingFrame>(FrameJson.Options),
                FrameTypes.Note => root.Deserialize<NoteFrame>(FrameJson.Options),
                var other => null,
            };
            if (frame is null)
            {
                error = $"Unknown frame type \"{name}\".";
            }

            return frame;
        }
        catch (JsonException e)
        {
            error = "Malformed JSON: " + e.Message;
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException
            or FormatException or OverflowException)
        {
            // Whatever else the reader or a converter throws for a hostile input is still just a bad frame
            // (property-tested by FrameParserProperties).
            error = "A field has a value this frame type does not take.";
            return null;
        }
    }

    /// <summary>
    /// A string's text, or false for one that decodes to no valid text (an unpaired surrogate escape such as
    /// <c>"\ud800"</c>, invalid UTF-8): <see cref="JsonElement.GetString"/> throws InvalidOperationException for those.
    /// </summary>
    private static bool TryGetText(JsonElement element, out string? text)
    {
        try
        {
            text = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }
}
