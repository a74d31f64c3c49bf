namespace DaprSupport.Contracts.Errors;

/// <summary>
/// The one error vocabulary (docs/protocol.md "Error codes"): the <c>code</c> of error frames and of every
/// problem+json answer, with the HTTP status each maps to — once, here — and the code for a domain refusal
/// (<see cref="SupportErrorCode"/>) or for a bare HTTP status.
/// </summary>
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
    public const string PreconditionFailed = "precondition_failed";
    public const string PreconditionRequired = "precondition_required";

    /// <summary>
    /// A cap on what one caller may hold at once (open sockets and cursors, open sessions): waiting does not help,
    /// closing one does. HTTP 409 (see <see cref="HttpStatus"/>).
    /// </summary>
    public const string ResourceExhausted = "resource_exhausted";

    /// <summary>The HTTP status of an answer with this code.</summary>
    public static int HttpStatus(string code) => code switch
    {
        NotFound => 404,
        // resource_exhausted is not 429: waiting does not help (closing something does), and the sidecar's retry
        // policy replays 429s (components/resiliency.yaml).
        Conflict or ResourceExhausted => 409,
        Forbidden or Blocked => 403,
        Unauthorized => 401,
        RateLimited => 429,
        Unavailable => 503,
        TooLarge => 413,
        PreconditionFailed => 412,
        PreconditionRequired => 428,
        _ => 400,
    };

    /// <summary>The code of a domain refusal.</summary>
    public static string Of(SupportErrorCode code) => code switch
    {
        SupportErrorCode.NotFound => NotFound,
        SupportErrorCode.Conflict => Conflict,
        SupportErrorCode.Forbidden => Forbidden,
        SupportErrorCode.ResourceExhausted => ResourceExhausted,
        _ => InvalidArgument,
    };

    /// <summary>The code for an HTTP status with no more specific one (answers the framework writes itself).</summary>
    public static string ForStatus(int status) => status switch
    {
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => TooLarge,
        428 => PreconditionRequired,
        429 => RateLimited,
        >= 500 => Unavailable,
        _ => InvalidArgument,
    };
}
