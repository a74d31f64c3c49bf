using DaprSupport.Contracts;
using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.ServiceDefaults;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// <c>GET /v1/ws</c> (on the <c>/v1</c> group): one JSON frame per text message. Bad tokens close with 4401, blocked
/// users and addresses with 4403 — also later, when the token expires or a change of the tenant's settings or
/// configuration blocks them (<see cref="Revocations"/>) — and a user (or address)
/// over its connection cap (<see cref="ConnectionQuotas"/>) with 4429; oversize and malformed frames are answered with
/// an error frame and the connection stays open. On shutdown (<see cref="ConnectionCounter.Draining"/>) upgrades get
/// 503 and open sockets get the answers to the frames in flight, then close 1012
/// (<see cref="CloseCodes.ServiceRestart"/>).
/// </summary>
public static class WebSocketEndpoint
{
    private static readonly TimeSpan EndingGrace = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapGatewaySocket(this IEndpointRouteBuilder routes)
    {
        routes.Map("/ws", HandleAsync).HoldsConnections();
        return routes;
    }

    private static async Task HandleAsync(HttpContext context, CallerAuthenticator callers, ConversationFactory factory,
        ConnectionCounter connections, ConnectionQuotas quotas, Revocations revocations,
        IOptions<GatewayOptions> options)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await TokenEndpoints.Refuse(StatusCodes.Status400BadRequest, ErrorCodes.BadFrame,
                "This endpoint expects a WebSocket upgrade.").ExecuteAsync(context);
            return;
        }

        if (!connections.TryEnter())
        {
            context.Response.Headers[HeaderNames.RetryAfter] = "5";
            await TokenEndpoints.Refuse(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
                connections.IsDraining
                    ? "This replica is restarting; connect again (another replica answers)."
                    : "Too many connections; retry later or use long-poll.").ExecuteAsync(context);
            return;
        }

        try
        {
            var caller = await callers.AuthenticateAsync(context);
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                // Negotiated only when the client offers permessage-deflate.
                DangerousEnableCompression = true,
                KeepAliveInterval = options.Value.PingInterval,
                KeepAliveTimeout = options.Value.IdleTimeout - options.Value.PingInterval,
            });

            // The upgrade request lives as long as the socket, and nothing reads its headers once it is open: an idle
            // socket would keep them (a browser's cookies and user agent among them) for hours.
            context.Request.Headers.Clear();
            if (caller?.Principal is not { } principal)
            {
                GatewayMetrics.Closed(CloseCodes.Unauthorized);
                await CloseAsync(socket, CloseCodes.Unauthorized, "unauthorized", context.RequestAborted);
                return;
            }

            var address = context.Connection.RemoteIpAddress;
            if (callers.IsBlocked(principal) || callers.IsBlockedAddress(principal, address))
            {
                GatewayMetrics.Closed(CloseCodes.Blocked);
                await CloseAsync(socket, CloseCodes.Blocked, "blocked", context.RequestAborted);
                return;
            }

            if (!ChatRoles.Allows(principal))
            {
                GatewayMetrics.Closed(CloseCodes.Blocked);
                await CloseAsync(
                    socket, CloseCodes.Blocked, "forbidden: this role has no chat access", context.RequestAborted);
                return;
            }

            var (lease, refusal) = quotas.TryTake(principal, context.Connection.RemoteIpAddress);
            using var held = lease;
            if (refusal is not null)
            {
                GatewayMetrics.Closed(CloseCodes.TooManyConnections);
                await CloseAsync(socket, CloseCodes.TooManyConnections, "resource_exhausted: " + refusal.Message,
                    context.RequestAborted);
                return;
            }

            using var conversation = factory.Create(principal);
            using var watch = revocations.Open(principal, address, caller.ExpiresAt, conversation.Close);
            await RunAsync(socket, conversation, options.Value, connections.Draining, context.RequestAborted);
            GatewayMetrics.Closed((int?)socket.CloseStatus);
        }
        finally
        {
            connections.Exit();
        }
    }

    private static async Task RunAsync(
        WebSocket socket, Conversation conversation, GatewayOptions options, CancellationToken draining,
        CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);

        // Once the conversation's end is decided (overrun 4408, token expired 4401, blocked 4403, restart 1012) the
        // writer sends what was queued before it and the close; the client gets a grace period to read them and echo
        // the close, then it is dropped.
        using var grace = conversation.Ending.Register(
            static s => ((CancellationTokenSource)s!).CancelAfter(EndingGrace), stop);
        var pump = conversation.RunAsync(stop.Token);

        // On shutdown the pump answers the frames already read and ends the conversation (1012). The reader keeps
        // reading (cancelling a receive aborts the socket) until the client echoes the close.
        using var drain = draining.Register(static c => ((Conversation)c!).Drain(), conversation);
        var writer = WriteAsync(socket, conversation, stop.Token);
        try
        {
            await ReadAsync(socket, conversation, options.MaxFrameBytes, stop.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away (or stopped answering pings).
        }
        finally
        {
            // The frames read before the client closed (or went away) are still carried out, within the grace.
            conversation.EndInput();
            stop.CancelAfter(EndingGrace);
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            conversation.EndOutput();
            await stop.CancelAsync();
            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await CloseAsync(socket, (int)WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
    }

    /// <summary>
    /// Waits for each message with a zero-byte receive, so an idle connection holds no buffer; the frame buffer is
    /// rented from the shared pool only while a message is read.
    /// </summary>
    private static async Task ReadAsync(
        WebSocket socket, Conversation conversation, int maxFrameBytes, CancellationToken ct)
    {
        while (socket.State == WebSocketState.Open)
        {
            var first = await socket.ReceiveAsync(Memory<byte>.Empty, ct);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (first.EndOfMessage)
            {
                // An empty message: nothing left to read.
                Dispatch(conversation, first.MessageType, [], tooLarge: false, maxFrameBytes);
                continue;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(maxFrameBytes + 1);
            try
            {
                var length = 0;
                var tooLarge = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    // Past the limit the rest of the message is read and discarded.
                    var offset = tooLarge ? 0 : length;
                    result = await socket.ReceiveAsync(buffer.AsMemory(offset, maxFrameBytes + 1 - offset), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length = tooLarge ? 0 : length + result.Count;
                    if (length > maxFrameBytes)
                    {
                        tooLarge = true;
                        length = 0;
                    }
                }
                while (!result.EndOfMessage);

                Dispatch(conversation, first.MessageType, buffer.AsSpan(0, length), tooLarge, maxFrameBytes);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static void Dispatch(
        Conversation conversation, WebSocketMessageType type, ReadOnlySpan<byte> message, bool tooLarge,
        int maxFrameBytes)
    {
        if (tooLarge)
        {
            conversation.Refuse(ErrorCodes.TooLarge, $"Frames are limited to {maxFrameBytes} bytes.");
        }
        else if (type != WebSocketMessageType.Text)
        {
            conversation.Refuse(ErrorCodes.BadFrame, "Frames are JSON text messages.");
        }
        else
        {
            conversation.Receive(message);
        }
    }

    /// <summary>
    /// Sends the conversation's frames until its queue completes: when its end is decided, after the frames queued
    /// before it, then closes with the end's code and reason; or when the transport stops sending (then a send
    /// cancelled by <paramref name="ct"/> ends it). The wait takes no token: with one, each wait of every idle
    /// connection would hold a fresh waiter and a cancellation registration.
    /// </summary>
    private static async Task WriteAsync(WebSocket socket, Conversation conversation, CancellationToken ct)
    {
        var outbound = conversation.Outbound;
        while (await outbound.WaitToReadAsync(CancellationToken.None))
        {
            while (outbound.TryRead(out var frame))
            {
                await SendAsync(socket, frame, ct);
            }
        }

        if (conversation.End is { } end && socket.State == WebSocketState.Open)
        {
            // The reader sees the client's echo of this close and ends the connection.
            await socket.CloseOutputAsync((WebSocketCloseStatus)end.Code, end.Reason, ct);
        }
    }

    private static async Task SendAsync(WebSocket socket, ServerFrame frame, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, frame.GetType(), FrameJson.Options);
        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
    }

    private static async Task CloseAsync(WebSocket socket, int code, string reason, CancellationToken ct)
    {
        try
        {
            await socket.CloseAsync((WebSocketCloseStatus)code, reason, ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
    }
}
