namespace DaprSupport.Gateway.Realtime.Fanout;

/// <summary>One session's place in its skill queue (1-based), as of the moment the router read the queue.</summary>
public sealed record QueuePosition(string SessionId, int Position, DateTimeOffset AsOf);
