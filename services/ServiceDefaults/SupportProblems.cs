using DaprSupport.Contracts.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.ServiceDefaults;

/// <summary>Maps a refused operation to a problem+json answer: 404, 409, 403 or 400, never a bare 500.</summary>
public static class SupportProblems
{
    public static ProblemHttpResult ToProblem(this SupportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = ErrorCodes.Of(error.Code);
        return TypedResults.Problem(
            detail: error.Message,
            statusCode: ErrorCodes.HttpStatus(code),
            extensions: new Dictionary<string, object?> { ["code"] = code });
    }
}
