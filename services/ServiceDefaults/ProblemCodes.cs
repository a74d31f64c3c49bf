using DaprSupport.Contracts.Errors;
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
            problem.Extensions["code"] = ErrorCodes.ForStatus(
                problem.Status ?? context.HttpContext.Response.StatusCode);
        }
    }
}
