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
        $"error invoke actor method: failed to lookup actor: api error: code = FailedPrecondition desc = did not find address for actor '{key.Type}/{key.Id}'")
    {
        NoHost = true,
    };

    /// <summary>No app hosts the actor's type (placement has no address for it).</summary>
    public bool NoHost { get; private init; }

    public static ActorApiException Invoke(string reason) => new(500, DaprError.ActorInvokeMethod, $"error invoke actor method: {reason}");

    /// <summary>
    /// The app answered an actor method with a status other than 200 (pkg/actors/targets/app/app.go): 404 is "actor
    /// method not found", anything else "error from actor service: (status) body"; the API answers either as 500
    /// ERR_ACTOR_INVOKE_METHOD. Null for 200, and for the .NET SDK's remoting failure, which carries its own header.
    /// </summary>
    public static ActorApiException? FromAppAnswer(HttpResponseMessage response, byte[] body, string method) =>
        response.StatusCode switch
        {
            System.Net.HttpStatusCode.OK => null,
            _ when response.Headers.Contains(ActorSubsystem.ErrorResponseHeader) => null,
            System.Net.HttpStatusCode.NotFound => Invoke($"actor method not found: {method}"),
            _ => Invoke($"error from actor service: ({(int)response.StatusCode}) {System.Text.Encoding.UTF8.GetString(body)}"),
        };

    public static ActorApiException ReminderNotHosted() => new(403, "ERR_ACTOR_REMINDER_NON_HOSTED",
        "operations on actor reminders are only possible on hosted actor types");

    public static ActorApiException Malformed(string reason) => new(400, DaprError.MalformedRequest, $"failed deserializing HTTP body: {reason}");
}
