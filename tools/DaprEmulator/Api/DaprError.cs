using System.Text.Json.Serialization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.DaprEmulator.Api;

/// <summary>
/// Error bodies as daprd returns them on its HTTP API (<c>{"errorCode":"ERR_…","message":"…"}</c>) and the matching
/// gRPC status. See the Dapr API reference, "Error codes".
/// </summary>
public sealed record DaprError(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("message")] string Message)
{
    public IResult ToHttp(int statusCode) => Results.Json(this, statusCode: statusCode);

    public RpcException ToRpc(StatusCode code) => new(new Status(code, Message));

    // Common codes used across building blocks.
    public const string BadRequest = "ERR_BAD_REQUEST";
    public const string MalformedRequest = "ERR_MALFORMED_REQUEST";
    public const string StateStoreNotFound = "ERR_STATE_STORE_NOT_FOUND";
    public const string StateStoresNotConfigured = "ERR_STATE_STORE_NOT_CONFIGURED";
    public const string StateGet = "ERR_STATE_GET";
    public const string StateSave = "ERR_STATE_SAVE";
    public const string StateDelete = "ERR_STATE_DELETE";
    public const string StateTransaction = "ERR_STATE_TRANSACTION";
    public const string PubSubNotFound = "ERR_PUBSUB_NOT_FOUND";
    public const string PubSubEmpty = "ERR_PUBSUB_EMPTY";
    public const string TopicEmpty = "ERR_TOPIC_EMPTY";
    public const string PubSubPublishMessage = "ERR_PUBSUB_PUBLISH_MESSAGE";
    public const string PubSubForbidden = "ERR_PUBSUB_FORBIDDEN";
    public const string DirectInvoke = "ERR_DIRECT_INVOKE";
    public const string ActorInstanceMissing = "ERR_ACTOR_INSTANCE_MISSING";
    public const string ActorRuntimeNotFound = "ERR_ACTOR_RUNTIME_NOT_FOUND";
    public const string ActorInvokeMethod = "ERR_ACTOR_INVOKE_METHOD";
    public const string ActorStateGet = "ERR_ACTOR_STATE_GET";
    public const string ActorStateTransactionSave = "ERR_ACTOR_STATE_TRANSACTION_SAVE";
    public const string ActorReminderCreate = "ERR_ACTOR_REMINDER_CREATE";
    public const string ActorReminderGet = "ERR_ACTOR_REMINDER_GET";
    public const string ActorReminderDelete = "ERR_ACTOR_REMINDER_DELETE";
    public const string ActorReminderAlreadyExists = "ERR_ACTOR_REMINDER_ALREADY_EXISTS";
    public const string ActorReminderNotFound = "ERR_ACTOR_REMINDER_NOT_FOUND";
    public const string ActorTimerCreate = "ERR_ACTOR_TIMER_CREATE";
    public const string ActorTimerDelete = "ERR_ACTOR_TIMER_DELETE";
    public const string HealthNotReady = "ERR_HEALTH_NOT_READY";
}
