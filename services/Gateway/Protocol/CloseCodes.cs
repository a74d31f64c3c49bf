namespace DaprSupport.Gateway.Protocol;

/// <summary>Application WebSocket close codes (4000–4999 are the application's range, RFC 6455 §7.4.2).</summary>
public static class CloseCodes
{
    /// <summary>Missing, invalid or expired token: get a new token, then reconnect.</summary>
    public const int Unauthorized = 4401;

    /// <summary>
    /// The client fell too far behind reading its frames: reconnect and send <c>hello.resume</c>; nothing is lost.
    /// </summary>
    public const int Overrun = 4408;

    /// <summary>
    /// RFC 6455's "service restart" (1012): this replica is shutting down after answering the frames in flight;
    /// reconnect with backoff (to any replica) and send <c>hello.resume</c>; nothing is lost.
    /// </summary>
    public const int ServiceRestart = 1012;

    /// <summary>
    /// The user is blocked, or its role has no chat access (the reason says which): do not reconnect.
    /// </summary>
    public const int Blocked = 4403;

    /// <summary>
    /// This user (or this client address) already holds as many connections as it may (<c>resource_exhausted</c>):
    /// close another connection of the same user first; reconnecting at once gets the same answer.
    /// </summary>
    public const int TooManyConnections = 4429;
}
