using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace DaprSupport.Testing;

/// <summary>A real ClientWebSocket speaking the gateway protocol: send frames, and await frames by predicate (everything received is kept).</summary>
public sealed class SocketClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket;
    private readonly List<JsonElement> _received = [];
    private readonly HashSet<int> _matched = [];

    private SocketClient(ClientWebSocket socket) => _socket = socket;

    public ClientWebSocket Socket => _socket;

    /// <summary>Every frame received so far, in order.</summary>
    public IReadOnlyList<JsonElement> Received => _received;

    public static async Task<SocketClient> ConnectAsync(Uri endpoint, string? token, Action<ClientWebSocketOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new ClientWebSocket();
        options?.Invoke(socket.Options);
        var uri = token is null ? endpoint : new Uri($"{endpoint}?access_token={Uri.EscapeDataString(token)}");
        using var cts = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(uri, cts.Token);
        return new SocketClient(socket);
    }

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame));

    public async Task SendTextAsync(string text)
    {
        using var cts = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
    }

    /// <summary>The earliest frame matching <paramref name="match"/> that no earlier wait returned (waiting for it if needed).</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what, TimeSpan? patience = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = new CancellationTokenSource(patience ?? Patience);
        while (true)
        {
            for (var i = 0; i < _received.Count; i++)
            {
                if (!_matched.Contains(i) && match(_received[i]))
                {
                    _matched.Add(i);
                    return _received[i];
                }
            }

            try
            {
                _received.Add(await ReceiveOneAsync(cts.Token) ?? throw new InvalidOperationException($"Socket closed ({_socket.CloseStatus}) while waiting for {what}; got {Dump()}"));
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {what} within {patience ?? Patience}; got {Dump()}");
            }
        }
    }

    public Task<JsonElement> WaitForTypeAsync(string type) => WaitForAsync(f => Type(f) == type, type);

    /// <summary>Waits for the server to close the socket and returns its close status.</summary>
    public async Task<int?> WaitForCloseAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        while (await ReceiveOneAsync(cts.Token) is { } frame)
        {
            _received.Add(frame);
        }

        return (int?)_socket.CloseStatus;
    }

    /// <summary>Items of one session received so far, in arrival order, as seq numbers.</summary>
    public IReadOnlyList<long> Seqs(string sessionId) =>
        _received.Where(f => Type(f) == "item" && f.GetProperty("sessionId").GetString() == sessionId).Select(f => f.GetProperty("seq").GetInt64()).ToList();

    public static string? Type(JsonElement frame) => frame.TryGetProperty("type", out var t) ? t.GetString() : null;

    public string Dump() => "[" + string.Join(", ", _received.Select(f => f.GetRawText())) + "]";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }

        _socket.Dispose();
    }

    private async Task<JsonElement?> ReceiveOneAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseSent))
            {
                return null;
            }

            result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }
}
