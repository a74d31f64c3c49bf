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

/// <summary>Body of <c>POST|PUT /v1.0/actors/{type}/{id}/reminders/{name}</c>.</summary>
internal sealed record ReminderRequest(
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("dueTime")] string? DueTime,
    [property: JsonPropertyName("period")] string? Period,
    [property: JsonPropertyName("ttl")] string? Ttl);

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
/// A reminder as the Scheduler keeps it, one job per reminder (<see cref="SchedulerReminderStore"/>). Also the body of
/// <c>GET /v1.0/actors/{type}/{id}/reminders/{name}</c>.
/// </summary>
internal sealed record ReminderRecord(
    [property: JsonPropertyName("actorID")] string ActorId,
    [property: JsonPropertyName("actorType")] string ActorType,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("dueTime")] string DueTime,
    [property: JsonPropertyName("registeredTime")] DateTimeOffset RegisteredTime,
    [property: JsonPropertyName("expirationTime")] DateTimeOffset? ExpirationTime)
{
    public ActorKey Actor => new(ActorType, ActorId);

    public ActorSchedule Schedule() => ActorSchedule.Parse(
        DueTime, Period, ExpirationTime?.ToString("O", System.Globalization.CultureInfo.InvariantCulture), RegisteredTime);
}
