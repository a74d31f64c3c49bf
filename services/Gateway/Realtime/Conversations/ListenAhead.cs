namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// A session listened to before the call that answers with it (a start, an accept, an authorization read): every item
/// committed after that answer is published after the listener was in place, so it arrives live, and history needs
/// reading only up to the answer's last seq — without asking the session actor for its end again. The follower takes
/// the registration over when it follows the session; otherwise disposing this ends it.
/// </summary>
internal sealed class ListenAhead(string sessionId, IDisposable? registration) : IDisposable
{
    private IDisposable? _registration = registration;

    /// <summary>A listen-ahead for a session already followed: the follower's own registration serves.</summary>
    public static ListenAhead None { get; } = new(string.Empty, null);

    /// <summary>
    /// The registration, now the caller's to end, if it listens to <paramref name="answered"/> (the session the call
    /// answered with); null when there was none, or when it listened to another id.
    /// </summary>
    public IDisposable? TakeFor(string answered) =>
        answered == sessionId ? Interlocked.Exchange(ref _registration, null) : null;

    public void Dispose() => Interlocked.Exchange(ref _registration, null)?.Dispose();
}
