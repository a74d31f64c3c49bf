namespace DaprSupport.Contracts.Errors;

/// <summary>
/// A refused operation: actors return it instead of throwing, so the reason crosses the actor boundary intact.
/// </summary>
public sealed record SupportError(SupportErrorCode Code, string Message)
{
    public static SupportError NotFound(string message) => new(SupportErrorCode.NotFound, message);

    public static SupportError Conflict(string message) => new(SupportErrorCode.Conflict, message);

    public static SupportError Forbidden(string message) => new(SupportErrorCode.Forbidden, message);

    public static SupportError Invalid(string message) => new(SupportErrorCode.InvalidArgument, message);

    public static SupportError Exhausted(string message) => new(SupportErrorCode.ResourceExhausted, message);
}
