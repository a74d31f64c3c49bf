using System.Text.RegularExpressions;

namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>
/// A circuit breaker policy (docs: operations/resiliency/policies/circuit-breakers): it opens when the trip
/// condition over <c>consecutiveFailures</c> holds, stays open for <c>timeout</c> (default 60s), then lets
/// <c>maxRequests</c> (default 1) trial requests through half-open. <c>interval</c> clears the counts while closed
/// (0 = never).
/// </summary>
public sealed partial record CircuitBreakerSpec(string Name, int MaxRequests, TimeSpan Interval, TimeSpan Timeout, string TripOperator, int TripThreshold)
{
    public bool ShouldTrip(int consecutiveFailures) => TripOperator switch
    {
        ">" => consecutiveFailures > TripThreshold,
        ">=" => consecutiveFailures >= TripThreshold,
        "==" => consecutiveFailures == TripThreshold,
        _ => false,
    };

    /// <summary>Reads the trip expression; only conditions on <c>consecutiveFailures</c> are supported.</summary>
    public static (string Operator, int Threshold) ParseTrip(string? trip, string where)
    {
        var match = Trip().Match(trip ?? "consecutiveFailures > 5");
        return match.Success
            ? (match.Groups[1].Value, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            : throw new FormatException($"{where}: trip '{trip}' is not supported; use 'consecutiveFailures > N' or '>= N'.");
    }

    [GeneratedRegex(@"^\s*consecutiveFailures\s*(>=|>|==)\s*(\d+)\s*$")]
    private static partial Regex Trip();
}
