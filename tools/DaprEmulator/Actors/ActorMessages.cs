using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>Body of <c>POST|PUT /v1.0/actors/{type}/{id}/timers/{name}</c>.</summary>
internal sealed record TimerRequest(
    [property: JsonPropertyName("callback")] string? Callback,
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("dueTime")] string? DueTime,
    [property: JsonPropertyName("period")] string? Period,
    [property: JsonPropertyName("ttl")] string? Ttl);

/// <summary>
/// A reminder registration, from either API: <see cref="Overwrite"/> null is true (replace a reminder of the same name);
/// <see cref="FailurePolicy"/> null is the Scheduler's default.
/// </summary>
internal sealed record ReminderRequest(
    JsonElement? Data,
    string? DueTime,
    string? Period,
    string? Ttl,
    bool? Overwrite = null,
    ReminderFailurePolicy? FailurePolicy = null);

/// <summary>What daprd sends the app when a timer fires (<c>PUT /actors/{type}/{id}/method/timer/{name}</c>).</summary>
internal sealed record TimerFiring(
    [property: JsonPropertyName("callback")] string Callback,
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("dueTime")] string DueTime,
    [property: JsonPropertyName("period")] string Period);

/// <summary>What daprd sends the app when a reminder fires (<c>PUT /actors/{type}/{id}/method/remind/{name}</c>).</summary>
internal sealed record ReminderFiring(
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("dueTime")] string DueTime,
    [property: JsonPropertyName("period")] string Period);

/// <summary>
/// A reminder as the Scheduler keeps it, one job per reminder (<see cref="SchedulerReminderStore"/>): the registration's
/// times as given, when it was registered, and its failure policy (null: the default; also a job kept before the
/// emulator recorded policies).
/// </summary>
internal sealed record ReminderRecord(
    [property: JsonPropertyName("actorID")] string ActorId,
    [property: JsonPropertyName("actorType")] string ActorType,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("dueTime")] string DueTime,
    [property: JsonPropertyName("registeredTime")] DateTimeOffset RegisteredTime,
    [property: JsonPropertyName("expirationTime")] DateTimeOffset? ExpirationTime,
    [property: JsonPropertyName("ttl")] string? Ttl = null,
    [property: JsonPropertyName("failurePolicy")] ReminderFailurePolicy? FailurePolicy = null)
{
    public ActorKey Actor => new(ActorType, ActorId);

    public ActorSchedule Schedule() => ActorSchedule.Parse(
        DueTime, Period, ExpirationTime?.ToString("O", System.Globalization.CultureInfo.InvariantCulture), RegisteredTime);
}
