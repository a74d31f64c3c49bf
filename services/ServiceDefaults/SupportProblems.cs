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
        var status = error.Code switch
        {
            SupportErrorCode.NotFound => StatusCodes.Status404NotFound,
            SupportErrorCode.Conflict => StatusCodes.Status409Conflict,
            SupportErrorCode.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return TypedResults.Problem(
            detail: error.Message,
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["code"] = CodeName(error.Code) });
    }

    /// <summary>The snake_case code clients see (the gateway's error frame codes).</summary>
    public static string CodeName(SupportErrorCode code) => code switch
    {
        SupportErrorCode.NotFound => "not_found",
        SupportErrorCode.Conflict => "conflict",
        SupportErrorCode.Forbidden => "forbidden",
        _ => "invalid_argument",
    };
}
