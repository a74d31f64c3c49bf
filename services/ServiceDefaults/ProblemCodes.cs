using Microsoft.AspNetCore.Http;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Every problem+json answer carries the protocol's <c>code</c> (docs/protocol.md, "Error codes"), the ones the
/// framework writes itself included: 400 for an unreadable body or query, 404/405 from routing, 413, 415. A problem
/// that already has a code keeps it.
/// </summary>
public static class ProblemCodes
{
    public static void Apply(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = For(problem.Status ?? context.HttpContext.Response.StatusCode);
        }
    }

    /// <summary>The code for a status with no more specific one.</summary>
    public static string For(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        >= 500 => "unavailable",
        _ => "invalid_argument",
    };
}
