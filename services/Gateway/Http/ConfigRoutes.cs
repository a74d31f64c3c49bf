using System.Globalization;
using DaprSupport.Configuration.Documents;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// What the admin and platform routes share: version ETags, field-error problems, and 503 when the configuration
/// actors cannot be reached.
/// </summary>
internal static class ConfigRoutes
{
    public static string ETag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The version an <c>If-Match</c> names (<c>"3"</c>), or null for anything else.</summary>
    public static long? VersionOf(string ifMatch)
    {
        var value = ifMatch.Trim();
        return value.Length > 2 && value[0] == '"' && value[^1] == '"'
            && long.TryParse(
                value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }

    public static ProblemHttpResult Problem(string code, string message) => TokenEndpoints.Refuse(code, message);

    /// <summary>400 invalid_argument with <c>errors</c>: one <c>{pointer, message}</c> per invalid field.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<ConfigError> errors) =>
        TypedResults.Problem(
            detail: "The configuration has invalid fields.", statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.InvalidArgument, ["errors"] = errors });

    /// <summary>
    /// Runs a call on the configuration actors; 503 unavailable when they cannot be reached (the cache keeps serving).
    /// </summary>
    public static async Task<Results<T, ProblemHttpResult>> CallAsync<T>(Func<Task<Results<T, ProblemHttpResult>>> call)
        where T : IResult
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unavailable();
        }
    }

    /// <summary>503 unavailable: the configuration actors (or their store) cannot be reached.</summary>
    public static ProblemHttpResult Unavailable() =>
        Problem(ErrorCodes.Unavailable, "The configuration store is unavailable; retry later.");
}
