namespace DaprSupport.Gateway.Protocol;

/// <summary>The <c>code</c> of error frames and problem bodies (docs/protocol.md "Error codes").</summary>
public static class ErrorCodes
{
    public const string BadFrame = "bad_frame";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string RateLimited = "rate_limited";
    public const string Blocked = "blocked";
    public const string TooLarge = "too_large";
    public const string Unavailable = "unavailable";
    public const string InvalidArgument = "invalid_argument";
}
