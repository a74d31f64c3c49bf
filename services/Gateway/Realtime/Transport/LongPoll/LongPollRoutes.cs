using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Transport.LongPoll;

/// <summary>
/// The long-poll fallback, on the <c>/v1</c> group: <c>POST /v1/send?cursor=…</c> carries one client frame and
/// answers its direct replies; <c>GET /v1/poll?cursor=…&amp;waitSeconds=25</c> answers pushed frames (items, offers,
/// session changes) after the cursor; <c>DELETE /v1/poll?cursor=…</c> closes it. On shutdown every request gets 503 +
/// Retry-After and a waiting poll returns at once: the client polls another replica, which answers <c>reset</c> for
/// the unknown cursor, and resumes there.
/// </summary>
public static class LongPollRoutes
{
    public static IEndpointRouteBuilder MapLongPoll(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/send", SendAsync);
        routes.MapGet("/poll", PollAsync);
        routes.MapDelete("/poll", CloseAsync);
        return routes;
    }

    /// <summary>
    /// <c>DELETE /v1/poll?cursor=…</c>: the client is leaving (its page is closing). The cursor's conversation ends now
    /// rather than when it idles out, so an agent's disconnect grace starts at once and the caller's connection slot is
    /// free. 204; 404 for a cursor the caller does not hold (expired, or another user's, which stays open).
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> CloseAsync(
        HttpRequest request, string? cursor, CallerAuthenticator callers, PollRegistry registry)
    {
        var (principal, refusal) = await PublicRoutes.AuthenticateAsync(request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        if (!ChatRoles.Allows(principal))
        {
            return TokenEndpoints.Refuse(ErrorCodes.Forbidden, "This role has no chat access.");
        }

        return PollCursor.Parse(cursor) is { } held && await registry.CloseAsync(principal, held.Id)
            ? TypedResults.NoContent()
            : TokenEndpoints.Refuse(ErrorCodes.NotFound, "No such cursor of yours.");
    }

    private static async Task<Results<Ok<PollResponse>, ProblemHttpResult>> SendAsync(
        HttpRequest request, string? cursor, CallerAuthenticator callers, PollRegistry registry,
        ConnectionCounter connections, IOptions<GatewayOptions> options)
    {
        if (connections.IsDraining)
        {
            return Restarting(request);
        }

        var (opened, refusal) = await OpenAsync(request, cursor, callers, registry);
        if (opened is not var (connection, position, reset))
        {
            return refusal!;
        }

        if (reset)
        {
            // The frame is not handled: the client first resumes on the new cursor, then resends it (idempotently).
            return Reset(connection);
        }

        var body = await ReadBodyAsync(request, options.Value.MaxFrameBytes);
        var replies = body is null
            ? [new ErrorFrame(ErrorCodes.TooLarge, $"Frames are limited to {options.Value.MaxFrameBytes} bytes.")]
            : await connection.Conversation.ExchangeAsync(body);
        if (replies is null)
        {
            // The conversation ended under the frame (it overran): answer as for a stale cursor.
            var principal = connection.Conversation.Principal;
            var reopened = registry.Open(principal, connection.Id, request.HttpContext.Connection.RemoteIpAddress);
            return reopened.Connection is { } fresh ? Reset(fresh) : Refused(request, reopened);
        }

        var next = new PollCursor(connection.Id, position).ToString();
        return TypedResults.Ok(new PollResponse(replies.Cast<object>().ToList(), next));
    }

    private static async Task<Results<Ok<PollResponse>, ProblemHttpResult>> PollAsync(
        HttpRequest request, string? cursor, int? waitSeconds,
        CallerAuthenticator callers, PollRegistry registry, ConnectionCounter connections,
        IOptions<GatewayOptions> options, CancellationToken ct)
    {
        if (connections.IsDraining)
        {
            return Restarting(request);
        }

        var (opened, refusal) = await OpenAsync(request, cursor, callers, registry);
        if (opened is not var (connection, from, reset))
        {
            return refusal!;
        }

        var wait = reset
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Clamp(waitSeconds ?? 25, 0, options.Value.MaxPollWait.TotalSeconds));
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, connections.Draining);
        try
        {
            var (frames, next) = await connection.PollAsync(from, wait, waiting.Token);
            var cursorNext = new PollCursor(connection.Id, next).ToString();
            return TypedResults.Ok(new PollResponse(frames.Cast<object>().ToList(), cursorNext, reset ? true : null));
        }
        catch (OperationCanceledException) when (connections.IsDraining && !ct.IsCancellationRequested)
        {
            return Restarting(request);
        }
    }

    private static ProblemHttpResult Restarting(HttpRequest request)
    {
        request.HttpContext.Response.Headers.RetryAfter = "1";
        return TokenEndpoints.Refuse(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
            "This replica is restarting; poll again (another replica answers with reset) and resume.");
    }

    /// <summary>
    /// The caller's conversation for the cursor, how many of its frames the client has, and whether it is a new one
    /// because the cursor could not be used (<c>Reset</c>); or the answer instead (401/403, or 503 when full).
    /// </summary>
    private static async Task<(OpenCursor? Opened, ProblemHttpResult? Refusal)> OpenAsync(
        HttpRequest request, string? cursor, CallerAuthenticator callers, PollRegistry registry)
    {
        var (principal, refusal) = await PublicRoutes.AuthenticateAsync(request, callers);
        if (principal is null)
        {
            return (null, refusal);
        }

        if (!ChatRoles.Allows(principal))
        {
            return (null, TokenEndpoints.Refuse(ErrorCodes.Forbidden, "This role has no chat access."));
        }

        var parsed = PollCursor.Parse(cursor);
        var opening = registry.Open(principal, parsed?.Id, request.HttpContext.Connection.RemoteIpAddress);
        if (opening.Connection is not { } connection)
        {
            return (null, Refused(request, opening));
        }

        return (new OpenCursor(connection, parsed is { } p && p.Id == connection.Id ? p.Next : 0, opening.Reset), null);
    }

    /// <summary>
    /// The answer for a cursor that could not be used: no frames, the new conversation's cursor, <c>reset</c>.
    /// </summary>
    private static Ok<PollResponse> Reset(PollConnection connection) =>
        TypedResults.Ok(new PollResponse([], new PollCursor(connection.Id, 0).ToString(), true));

    /// <summary>
    /// No cursor for this caller: over its own caps (429 <c>resource_exhausted</c>, or <c>rate_limited</c> with
    /// <c>Retry-After</c> and <c>retryAfterMs</c>), or this replica is full.
    /// </summary>
    private static ProblemHttpResult Refused(HttpRequest request, PollOpening opening)
    {
        if (opening.Refusal is not { } refusal)
        {
            return Full(request);
        }

        var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code };
        if (refusal.RetryAfterMs is { } ms)
        {
            extensions["retryAfterMs"] = ms;
            request.HttpContext.Response.Headers.RetryAfter =
                Math.Max(1, (ms + 999) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(
            detail: refusal.Message, statusCode: ErrorCodes.HttpStatus(refusal.Code), extensions: extensions);
    }

    /// <summary>This replica holds as many connections as it may: the same answer a WebSocket upgrade gets.</summary>
    private static ProblemHttpResult Full(HttpRequest request)
    {
        request.HttpContext.Response.Headers.RetryAfter = "5";
        return TokenEndpoints.Refuse(
            StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Too many connections; retry later.");
    }

    /// <summary>The body, or null when it is over the frame limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    return null;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Over the public body limit (a declared Content-Length): the same too_large answer.
            return null;
        }

        return buffer.ToArray();
    }

    private readonly record struct OpenCursor(PollConnection Connection, long From, bool Reset);
}
