namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// When a failed dispatch pass runs again: exponential from <see cref="First"/> up to <see cref="Cap"/>, each delay
/// drawn between half and all of its step ("equal jitter"), so tenants and replicas that failed together do not
/// retry together; after <see cref="MaxAttempts"/> retries it gives up until the next change, agent event or router
/// wake-up asks for a pass. Pure.
/// </summary>
public static class DispatchBackoff
{
    public const int MaxAttempts = 8;

    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(10);

    /// <summary>The wait before retry <paramref name="attempt"/> (0-based); null once the retries are spent.</summary>
    /// <param name="jitter">A draw in [0, 1).</param>
    public static TimeSpan? Delay(int attempt, double jitter)
    {
        if (attempt is < 0 or >= MaxAttempts)
        {
            return null;
        }

        var step = Math.Min(Cap.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(step / 2 + (step / 2 * Math.Clamp(jitter, 0, 1)));
    }
}
