using System.Security.Cryptography;
using System.Text;
using DaprSupport.Contracts.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DaprSupport.ServiceDefaults.AppChannel;

/// <summary>
/// Only the sidecar may call the app: every request outside <see cref="AppTokenOptions.PublicPaths"/> must carry the
/// app API token in <c>dapr-api-token</c>, compared in constant time; otherwise 401 problem+json, code
/// <c>unauthorized</c>. With no token configured (Development only, see <see cref="AppTokenExtensions"/>) every
/// request passes.
/// </summary>
internal sealed class AppTokenMiddleware(RequestDelegate next, IOptions<AppTokenOptions> options)
{
    private readonly byte[]? _expected = options.Value.Token is { Length: > 0 } token ? Digest(token) : null;
    private readonly PathString[] _public = [.. options.Value.PublicPaths.Select(p => new PathString(p))];

    public Task InvokeAsync(HttpContext context)
    {
        if (_expected is null || IsPublic(context.Request.Path) || Presents(context.Request))
        {
            return next(context);
        }

        return Results.Problem(
            title: "Unauthorized",
            detail: "This endpoint is for the Dapr sidecar: a valid dapr-api-token header is required.",
            statusCode: StatusCodes.Status401Unauthorized,
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.Unauthorized }).ExecuteAsync(context);
    }

    private bool IsPublic(PathString path)
    {
        foreach (var prefix in _public)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private bool Presents(HttpRequest request)
    {
        var values = request.Headers[AppTokenOptions.Header];

        // Digests of equal length: the comparison takes the same time whatever was sent.
        return values.Count == 1
            && values[0] is { } presented
            && CryptographicOperations.FixedTimeEquals(Digest(presented), _expected);
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
