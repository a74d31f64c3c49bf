using System.Diagnostics;

namespace DaprSupport.LoadGen;

/// <summary>
/// An open-loop send schedule: <see cref="Count"/> messages, message k due at <c>start + k × interval</c> (Stopwatch
/// ticks), whatever happened to the ones before it.
/// </summary>
public readonly record struct OpenLoop(long Start, long Interval, long Count)
{
    public static OpenLoop For(double ratePerSecond, TimeSpan duration, long start) =>
        new(start, (long)(Stopwatch.Frequency / ratePerSecond), Math.Max(1, (long)Math.Floor(duration.TotalSeconds * ratePerSecond)));

    public long Due(long k) => Start + (k * Interval);
}
