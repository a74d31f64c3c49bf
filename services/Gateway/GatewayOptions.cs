namespace DaprSupport.Gateway;

/// <summary>Section <c>Gateway</c>: connection limits and timings (docs/protocol.md "Limits").</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Largest client text frame (after reassembly); bigger ones get too_large.</summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// Largest request body on the client routes (<c>/v1/*</c>, <c>/widget/*</c>); bigger ones get 413 too_large.
    /// </summary>
    public long MaxPublicBodyBytes { get; set; } = 32 * 1024;

    /// <summary>How often the server sends a WebSocket ping.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection that has not answered for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an open agent connection renews the agent's presence lease.</summary>
    public TimeSpan PresenceHeartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Client frames per connection: burst size and refill per second.</summary>
    public int ConnectionBurst { get; set; } = 20;

    public int ConnectionPerSecond { get; set; } = 10;

    /// <summary>Client frames per tenant across this replica: burst size and refill per second.</summary>
    public int TenantBurst { get; set; } = 2000;

    public int TenantPerSecond { get; set; } = 1000;

    /// <summary>
    /// Requests to the HTTP routes of <c>/v1</c> (timeline, snapshots, details, administration) per caller (bearer
    /// token; per client address without one): burst size and refill per second; beyond it 429 rate_limited.
    /// </summary>
    public int CallerRequestBurst { get; set; } = 100;

    public int CallerRequestsPerSecond { get; set; } = 10;

    /// <summary>
    /// Open connections (WebSockets and long-poll cursors) on this replica; beyond it new ones get 503 with
    /// Retry-After.
    /// </summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// Open connections (WebSockets and long-poll cursors together) one principal (tenant, role, user) may hold on
    /// this replica; the next WebSocket closes 4429, the next cursor gets 409 resource_exhausted.
    /// </summary>
    public int MaxConnectionsPerPrincipal { get; set; } = 8;

    /// <summary>Open connections from one client address on this replica (NATed offices share one).</summary>
    public int MaxConnectionsPerAddress { get; set; } = 256;

    /// <summary>New long-poll cursors per principal: burst, then one per <see cref="CursorOpenPeriod"/>.</summary>
    public int CursorOpenBurst { get; set; } = 10;

    public TimeSpan CursorOpenPeriod { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Frames a connection may have waiting to be sent (and events waiting to be handled). A client that falls further
    /// behind is disconnected (WebSocket close 4408, long-poll cursor reset) and resumes without losing anything.
    /// </summary>
    public int MaxPendingFrames { get; set; } = 1024;

    /// <summary>Longest a long-poll request waits, and how long an idle long-poll cursor lives.</summary>
    public TimeSpan MaxPollWait { get; set; } = TimeSpan.FromSeconds(25);

    public TimeSpan PollCursorIdle { get; set; } = TimeSpan.FromSeconds(90);
}
