using DaprSupport.DaprEmulator.Api;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>An actor API failure as daprd reports it: HTTP status and <c>{"errorCode","message"}</c> body.</summary>
internal sealed class ActorApiException(int statusCode, string errorCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public DaprError Error { get; } = new(errorCode, message);

    public static ActorApiException RuntimeNotFound() => new(500, DaprError.ActorRuntimeNotFound,
        "the state store is not configured to use the actor runtime. Have you set the - name: actorStateStore value: \"true\" in your state store component file?");

    public static ActorApiException InstanceMissing() => new(400, DaprError.ActorInstanceMissing, "actor instance is missing");

    public static ActorApiException NoAddress(ActorKey key) => new(500, DaprError.ActorInvokeMethod,
        $"error invoke actor method: failed to lookup actor: api error: code = FailedPrecondition desc = did not find address for actor '{key.Type}/{key.Id}'");

    public static ActorApiException Invoke(string reason) => new(500, DaprError.ActorInvokeMethod, $"error invoke actor method: {reason}");

    public static ActorApiException ReminderNotHosted() => new(403, "ERR_ACTOR_REMINDER_NON_HOSTED",
        "operations on actor reminders are only possible on hosted actor types");

    public static ActorApiException Malformed(string reason) => new(400, DaprError.MalformedRequest, $"failed deserializing HTTP body: {reason}");
}
