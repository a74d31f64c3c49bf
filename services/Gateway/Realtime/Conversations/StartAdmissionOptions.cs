namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// Admission of <c>start</c> frames per tenant on one gateway replica (section <c>Gateway:Starts</c>): how many may be
/// with the sessions service at once, how many more may wait and for how long, and when a refused visitor should try
/// again. Sized so a burst of arrivals is queued briefly and the rest is refused at once, never left hanging.
/// </summary>
public sealed class StartAdmissionOptions
{
    public const string Section = "Gateway:Starts";

    /// <summary>Starts of one tenant being created at once by this replica.</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>Starts of one tenant that may wait for a slot; beyond that a start is refused at once.</summary>
    public int QueueLimit { get; set; } = 64;

    /// <summary>The longest a start waits for a slot before it is refused.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The least a refused visitor is told to wait (<c>retryAfterMs</c>); each refusal adds up to as much again at
    /// random, so refused visitors do not come back together.
    /// </summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
