using System.Text.Json;

namespace DaprSupport.Contracts.Webhooks;

/// <summary>An event to deliver: its identity (<see cref="Events.EventIdentity"/>), topic and payload.</summary>
public sealed record WebhookEvent(string Id, string Topic, DateTimeOffset OccurredAt, JsonElement Data);

/// <summary>One delivery's outcome as the admin sees it.</summary>
/// <param name="Outcome"><see cref="WebhookOutcomes"/>.</param>
/// <param name="LastStatus">The receiver's last HTTP status, if it answered.</param>
/// <param name="LastError">Why the last attempt failed, if it did.</param>
public sealed record WebhookAttempt(
    string EventId, string Topic, string Outcome, int Attempts, DateTimeOffset At, int? LastStatus, string? LastError);

public sealed record WebhookStatus(
    string EndpointId, int Pending, IReadOnlyList<WebhookAttempt> Recent, IReadOnlyList<WebhookAttempt> DeadLetters);

public static class WebhookOutcomes
{
    public const string Delivered = "delivered";
    public const string Retrying = "retrying";
    public const string DeadLettered = "dead_lettered";
}
