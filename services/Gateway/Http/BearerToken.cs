using Microsoft.Net.Http.Headers;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// The caller's token: <c>Authorization: Bearer …</c>, or <c>?access_token=…</c> where browsers cannot set headers
/// (WebSocket).
/// </summary>
public static class BearerToken
{
    public static string? From(HttpRequest request, bool allowQuery)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return allowQuery ? request.Query["access_token"].ToString() : null;
    }
}
