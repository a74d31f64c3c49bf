using Microsoft.AspNetCore.Http;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>Copies headers between the Dapr API request/response and the app channel, leaving hop-by-hop ones.</summary>
internal static class HttpForwarding
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection",
        "Proxy-Authorization", "Proxy-Authenticate", "Expect", "Content-Length",
    };

    public static void CopyRequestHeaders(HttpRequest from, HttpRequestMessage to)
    {
        foreach (var (name, values) in from.Headers)
        {
            if (NotForwarded.Contains(name))
            {
                continue;
            }

            if (!to.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                to.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }

    /// <summary>Relays the app's answer (its body already read) with its status and headers.</summary>
    public static async Task WriteResponseAsync(HttpResponseMessage from, byte[] body, HttpContext to)
    {
        to.Response.StatusCode = (int)from.StatusCode;
        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (!NotForwarded.Contains(name))
            {
                to.Response.Headers.Append(name, values.ToArray());
            }
        }

        to.Response.ContentLength = body.Length;
        await to.Response.Body.WriteAsync(body, to.RequestAborted);
    }
}
