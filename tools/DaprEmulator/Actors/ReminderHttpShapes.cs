using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// Body of <c>POST|PUT /v1.0/actors/{type}/{id}/reminders/{name}</c> as daprd 1.17 reads it: Go's
/// <c>encoding/json</c> into <c>actorapi.CreateReminderRequest</c> (dapr/dapr v1.17.0 <c>pkg/api/http/actors.go</c>
/// <c>onCreateActorReminder</c>, <c>pkg/actors/api/reminders.go</c>), which matches names case-insensitively.
/// </summary>
internal sealed record ReminderBody(
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("dueTime")] string? DueTime,
    [property: JsonPropertyName("period")] string? Period,
    [property: JsonPropertyName("ttl")] string? Ttl,
    [property: JsonPropertyName("overwrite")] bool? Overwrite,
    [property: JsonPropertyName("failure_policy")] JsonElement? FailurePolicy)
{
    /// <summary>
    /// The registration. <c>failure_policy</c> is decoded by <c>encoding/json</c> into the protobuf message
    /// <c>commonv1.JobFailurePolicy</c>, whose policy is a oneof, an interface-typed field the decoder cannot fill: a
    /// <c>policy</c> member with any value but null fails the request, and the message has no other field the decoder
    /// sees. So no failure policy can be set over HTTP; an object without <c>policy</c> leaves the Scheduler's default.
    /// </summary>
    public ReminderRequest ToRequest()
    {
        var problem = FailurePolicy is not { } policy ? null : policy.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Object => policy.EnumerateObject()
                .Where(p => p.Name.Equals("policy", StringComparison.OrdinalIgnoreCase)
                            && p.Value.ValueKind != JsonValueKind.Null)
                .Select(p => $"json: cannot unmarshal {GoKind(p.Value)} into Go struct field "
                             + ".failure_policy.Policy of type commonv1.isJobFailurePolicy_Policy")
                .FirstOrDefault(),
            _ => $"json: cannot unmarshal {GoKind(policy)} into Go struct field .failure_policy of type "
                 + "commonv1.JobFailurePolicy",
        };
        return problem is null
            ? new ReminderRequest(Data, DueTime, Period, Ttl, Overwrite)
            : throw ActorApiException.Malformed(problem);
    }

    private static string GoKind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };
}

/// <summary>
/// Body of <c>GET /v1.0/actors/{type}/{id}/reminders/{name}</c> as daprd 1.17 answers it from the Scheduler's job
/// (dapr/dapr v1.17.0 <c>pkg/api/http/actors.go</c> <c>onGetActorReminder</c>, <c>pkg/api/universal/actors.go</c>
/// <c>GetActorReminder</c>, <c>pkg/actors/internal/scheduler/scheduler.go</c> <c>Get</c>): the actor; the data as
/// registered; the due time as given; the period as the job's schedule, <c>@every</c> and a Go duration, whatever form
/// was registered (repetitions are not shown); and a ttl only when it was given as an RFC 3339 time (daprd parses the
/// job's ttl as one and only logs the others). Empty fields are left out; the reminder's name is not sent.
/// </summary>
internal sealed record ReminderView(
    [property: JsonPropertyName("actorID")] string ActorId,
    [property: JsonPropertyName("actorType")] string ActorType,
    [property: JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    JsonElement? Data,
    [property: JsonPropertyName("dueTime"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? DueTime,
    [property: JsonPropertyName("period"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? Period,
    [property: JsonPropertyName("ttl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? Ttl)
{
    public static ReminderView Of(ReminderRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ReminderView(
            record.ActorId,
            record.ActorType,
            record.Data,
            string.IsNullOrEmpty(record.DueTime) ? null : record.DueTime,
            Schedule(record.Period),
            Rfc3339(record.Ttl));
    }

    private static string? Schedule(string period)
    {
        try
        {
            return ActorSchedule.ReminderEvery(period) is { } every ? "@every " + ActorDurations.GoString(every) : null;
        }
        catch (FormatException)
        {
            return period; // kept by an emulator that took periods the Scheduler refuses
        }
    }

    private static string? Rfc3339(string? ttl) =>
        ttl is { Length: > 6 } && ttl.Contains('T', StringComparison.Ordinal)
        && (ttl[^1] is 'Z' or 'z' || ttl[^6] is '+' or '-') && DateTimeOffset.TryParse(
            ttl, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.Offset == TimeSpan.Zero
                ? at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
            : null;
}
