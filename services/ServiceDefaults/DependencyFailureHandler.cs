using DaprSupport.Contracts.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Answers a request that failed because of a dependency (<see cref="DependencyFailures"/>) with 500 problem
/// <c>unavailable</c> and <c>Retry-After: 1</c>, and logs it as one warning. Not 503: the callers' resiliency policy
/// replays 429 and 502–504 at once (components/resiliency.yaml), which under the overload that caused the failure
/// multiplies the load. Anything else is left to the framework, which logs it as an unhandled exception.
/// </summary>
internal sealed partial class DependencyFailureHandler(
    IProblemDetailsService problems, ILogger<DependencyFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (DependencyFailures.Describe(exception, httpContext.RequestAborted.IsCancellationRequested)
            is not { } reason)
        {
            return false;
        }

        Unavailable(logger, httpContext.Request.Method, httpContext.Request.Path, reason);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "A service this request needs did not answer.",
                Detail = "Retry shortly.",
                Extensions = { ["code"] = ErrorCodes.Unavailable },
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 500 unavailable: {Reason}")]
    private static partial void Unavailable(ILogger logger, string method, string path, string reason);
}
