namespace DaprSupport.Gateway.Protocol;

/// <summary>The <c>type</c> field of every frame (docs/protocol.md "Frames").</summary>
public static class FrameTypes
{
    public const string Hello = "hello";
    public const string Start = "start";
    public const string Send = "send";
    public const string Read = "read";
    public const string Presence = "presence";
    public const string Accept = "accept";
    public const string Decline = "decline";
    public const string Transfer = "transfer";
    public const string Resolve = "resolve";
    public const string Ping = "ping";
    public const string Typing = "typing";
    public const string Note = "note";

    public const string Session = "session";
    public const string Offer = "offer";
    public const string OfferEnded = "offer_ended";
    public const string Item = "item";
    public const string Ack = "ack";
    public const string Error = "error";
    public const string Pong = "pong";
}
