using System.Diagnostics;
using DaprSupport.ServiceDefaults;
using DaprSupport.Sessions.Metrics;
using Prometheus;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// Spans of a session actor's append turn (<c>session.append</c>) and of its steps (<c>session.append.history</c>,
/// <c>.state</c>, <c>.publish</c>), each step also timed in <see cref="SupportMetrics.AppendStep"/>. They continue the
/// trace of the call that caused the turn (the invocation's <c>traceparent</c>, continued by ASP.NET Core).
/// </summary>
internal static class AppendSpans
{
    public const string Turn = "session.append";

    public static Activity? StartTurn(string tenant, string sessionId, int items)
    {
        var span = Telemetry.Source.StartActivity(Turn);
        span?.SetTag("tenant", tenant);
        span?.SetTag("session.id", sessionId);
        span?.SetTag("items", items);
        return span;
    }

    /// <summary>One step: its span and its duration in the append-step histogram, both ended on dispose.</summary>
    public static IDisposable Step(string step) =>
        new StepScope(
            Telemetry.Source.StartActivity($"{Turn}.{step}"), SupportMetrics.AppendStep.WithLabels(step).NewTimer());

    private sealed class StepScope(Activity? span, IDisposable timer) : IDisposable
    {
        public void Dispose()
        {
            timer.Dispose();
            span?.Dispose();
        }
    }
}
