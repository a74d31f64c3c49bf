using System.Text.Json.Serialization;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// What the Scheduler does when a reminder's trigger fails (go-etcd-cron v0.12.4, the version dapr/dapr v1.17.0 uses:
/// <c>internal/counter/counter.go</c> <c>TriggerFailed</c> and <c>policyTryAgain</c>). <see cref="Drop"/>: the tick is
/// not tried again. Otherwise (constant) the tick is tried again <see cref="Interval"/> after the time it was last due,
/// while the failures of the tick so far are at most <see cref="MaxRetries"/> (no limit when null). A job created without
/// a policy, as the actor HTTP API always creates one, gets <see cref="Default"/> (<c>internal/scheduler/builder.go</c>).
/// </summary>
internal sealed record ReminderFailurePolicy(
    [property: JsonPropertyName("drop")] bool Drop,
    [property: JsonPropertyName("interval")] TimeSpan Interval,
    [property: JsonPropertyName("maxRetries")] uint? MaxRetries)
{
    /// <summary>Constant, 1 s, at most 3 retries: the fourth failure drops the tick.</summary>
    public static readonly ReminderFailurePolicy Default = new(false, TimeSpan.FromSeconds(1), 3);

    public static readonly ReminderFailurePolicy DropTick = new(true, TimeSpan.Zero, null);

    /// <summary>Whether a tick that has now failed <paramref name="failures"/> times is tried again.</summary>
    public bool TryAgain(int failures) => !Drop && (MaxRetries is not { } max || max >= failures);
}
