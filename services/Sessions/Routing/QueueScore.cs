namespace DaprSupport.Sessions.Routing;

/// <summary>
/// Queue order: score = priority × priorityWeight + seconds waited, highest first, ties first-come-first-served.
/// Every waiting session ages at the same rate, so the order equals ascending
/// (enqueued seconds − priority × weight), a key that never changes while the session waits
/// (<see cref="RoutingPlan.InQueueOrder"/> sorts by it each pass).
/// </summary>
public readonly record struct QueueScore(double Key, long Sequence) : IComparable<QueueScore>
{
    public static QueueScore For(int priority, int priorityWeight, DateTimeOffset enqueuedAt, long sequence) =>
        new((enqueuedAt.ToUnixTimeMilliseconds() / 1000.0) - ((double)priority * priorityWeight), sequence);

    /// <summary>
    /// The score (priority × priorityWeight + seconds waited) at a given moment, for display and metrics.
    /// </summary>
    public static double At(int priority, int priorityWeight, DateTimeOffset enqueuedAt, DateTimeOffset now) =>
        ((double)priority * priorityWeight) + (now - enqueuedAt).TotalSeconds;

    public int CompareTo(QueueScore other)
    {
        var byKey = Key.CompareTo(other.Key);
        return byKey != 0 ? byKey : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(QueueScore left, QueueScore right) => left.CompareTo(right) < 0;

    public static bool operator >(QueueScore left, QueueScore right) => left.CompareTo(right) > 0;

    public static bool operator <=(QueueScore left, QueueScore right) => left.CompareTo(right) <= 0;

    public static bool operator >=(QueueScore left, QueueScore right) => left.CompareTo(right) >= 0;
}
