using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprSupport.LoadGen;

/// <summary>Tokens over HTTP and one WebSocket speaking the gateway's JSON frames (docs/protocol.md).</summary>
public sealed class GatewayClient(CommonOptions options, HttpClient http) : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public string? UserId { get; private set; }

    public bool IsOpen => _socket.State == System.Net.WebSockets.WebSocketState.Open;

    public static async Task<(string Token, string UserId)> AgentTokenAsync(CommonOptions options, HttpClient http, string agentId, int capacity, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(new Uri(options.Url, "/v1/auth/token"), new
        {
            tenant = options.Tenant,
            apiKey = options.ApiKey,
            userId = agentId,
            role = "agent",
            displayName = agentId,
            skills = new[] { "general" },
            capacity,
        }, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        return (body!["token"]!.GetValue<string>(), agentId);
    }

    public static async Task<(string Token, string UserId)> VisitorTokenAsync(CommonOptions options, HttpClient http, string name, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Url, "/v1/auth/visitor"))
        {
            Content = JsonContent.Create(new { tenant = options.Tenant, displayName = name }),
        };
        request.Headers.Add("Origin", options.Url.GetLeftPart(UriPartial.Authority));
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        return (body!["token"]!.GetValue<string>(), body["visitorId"]!.GetValue<string>());
    }

    public async Task ConnectAsync(string token, string userId, CancellationToken ct)
    {
        UserId = userId;
        var ws = new UriBuilder(options.Url) { Scheme = options.Url.Scheme == "https" ? "wss" : "ws", Path = "/v1/ws", Query = "access_token=" + Uri.EscapeDataString(token) };
        _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        await _socket.ConnectAsync(ws.Uri, http, ct);
    }

    /// <summary>
    /// Sends, or nothing when the socket is gone or the run is over (the gateway cleans up after a closed socket).
    /// </summary>
    public async Task TrySendAsync(object frame, CancellationToken ct)
    {
        try
        {
            await SendAsync(frame, ct);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or OperationCanceledException)
        {
            // Gone, or cancelled.
        }
    }

    public async Task SendAsync(object frame, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame);
        await _sendLock.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads frames until the socket closes, handing each to <paramref name="onFrame"/>.</summary>
    public Task ReceiveAsync(Func<JsonObject, Task> onFrame, CancellationToken ct) => ReceiveAsync(null, onFrame, ct);

    /// <summary>
    /// Reads frames until the socket closes. <paramref name="handled"/> sees each frame's bytes first; a frame it
    /// handled (true) is not parsed; every other frame is parsed and handed to <paramref name="onFrame"/>.
    /// </summary>
    public async Task ReceiveAsync(Func<ReadOnlyMemory<byte>, bool>? handled, Func<JsonObject, Task> onFrame, CancellationToken ct)
    {
        // Frames are small; a longer one is assembled in the stream. (64 KB per socket was 1.3 GB for 20,000 idle ones.)
        var buffer = new byte[4 * 1024];
        using var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, ct);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            if (handled is not null && handled(message.GetBuffer().AsMemory(0, (int)message.Length)))
            {
                message.SetLength(0);
                continue;
            }

            var frame = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)) as JsonObject;
            message.SetLength(0);
            if (frame is not null)
            {
                try
                {
                    await onFrame(frame);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // The run ended while the handler waited (a start's retry after retryAfterMs).
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Ends a run's connections as a client should: each sends its close after its last frames, the gateway carries
    /// those out and echoes the close, which ends the client's receive loop. Loops still running after
    /// <paramref name="patience"/> are cancelled through <paramref name="stop"/>; then every socket is disposed.
    /// (Cancelling a receive aborts the socket, and a reset can drop frames the gateway has not read yet: an agent's
    /// last <c>presence offline</c> was lost that way, and the next run on the same system offered to ghosts.)
    /// </summary>
    public static async Task CloseAllAsync(
        IReadOnlyCollection<GatewayClient> clients, IEnumerable<Task> loops, CancellationTokenSource stop, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(stop);
        await Task.WhenAll(clients.Select(c => c.CloseOutputAsync()));
        var ended = Task.WhenAll(loops);
        await Task.WhenAny(ended, Task.Delay(patience));
        await stop.CancelAsync();
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await ended;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server went first.
            }
        }

        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task CloseOutputAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _sendLock.WaitAsync(cts.Token);
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The server went first, or did not answer in time.
        }
    }
}
