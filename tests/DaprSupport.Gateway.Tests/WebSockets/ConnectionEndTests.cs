using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// How a connection ends (docs/protocol.md, close codes). Graceful drain: once the host is stopping (SIGTERM fires
/// ApplicationStopping before Kestrel stops), frames already sent are answered, then the socket closes 1012 (an
/// agent's as well as a visitor's); new upgrades and long-polls get 503. A client that closes: the frames read before
/// its close are still carried out.
/// </summary>
public sealed class ConnectionEndTests
{
    [Fact]
    public async Task Stopping_answers_the_frames_in_flight_then_closes_1012_and_refuses_new_connections()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var sidecar = new HeldSidecar();
        using var gateway = new KestrelGateway(("DAPR_HTTP_ENDPOINT", sidecar.Endpoint));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"{gateway.Socket}?access_token={gateway.VisitorToken()}"), CancellationToken.None);

        // The send is in flight: its call to the sessions service is held at the sidecar when the host starts stopping.
        await SendAsync(socket, """{"type":"send","clientMsgId":"m1","sessionId":"s-0123456789abcdef0123456789abcdef","text":"hi"}""");
        await sidecar.Called.WaitAsync(timeout.Token);

        // SIGTERM: ApplicationStopping. The test holds the host inside its first stopping callback (callbacks run
        // newest first, after the token reads as cancelled), i.e. before the connections drain and Kestrel stops
        // listening: the window in which a request on a kept-alive connection still reaches the gateway.
        var lifetime = gateway.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var held = lifetime.ApplicationStopping.Register(() =>
        {
            stopping.TrySetResult();
            hold.Task.Wait(timeout.Token);
        });
        var stop = Task.Run(lifetime.StopApplication);
        await stopping.Task.WaitAsync(timeout.Token);

        // During the drain: a new upgrade and a long-poll are refused with 503 and Retry-After.
        using var http = new HttpClient();
        var httpBase = gateway.Socket.ToString().Replace("ws://", "http://", StringComparison.Ordinal);
        using var upgrade = new HttpRequestMessage(HttpMethod.Get, $"{httpBase}?access_token={gateway.VisitorToken()}");
        upgrade.Headers.Connection.Add("Upgrade");
        upgrade.Headers.Upgrade.Add(new("websocket"));
        upgrade.Headers.Add("Sec-WebSocket-Version", "13");
        upgrade.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        using var refused = await http.SendAsync(upgrade, timeout.Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("restarting", await refused.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);

        http.DefaultRequestHeaders.Authorization = new("Bearer", gateway.VisitorToken());
        using var poll = await http.GetAsync(new Uri(httpBase.Replace("/v1/ws", "/v1/poll?waitSeconds=0", StringComparison.Ordinal)), timeout.Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, poll.StatusCode);
        Assert.NotNull(poll.Headers.RetryAfter);

        // The drain proceeds; the held call is answered (404: no such session); the send gets its answer, then the
        // socket closes 1012.
        hold.TrySetResult();
        sidecar.Release();
        var frames = new List<JsonElement>();
        while (await ReceiveAsync(socket, timeout.Token) is { } frame)
        {
            frames.Add(frame);
        }

        Assert.Contains(frames, f => f.TryGetProperty("clientMsgId", out var id) && id.GetString() == "m1");
        Assert.Equal((WebSocketCloseStatus)1012, socket.CloseStatus);
        Assert.Equal("service restart: reconnect and resume", socket.CloseStatusDescription);
        await stop.WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task Stopping_closes_an_agents_socket_1012_as_well()
    {
        // No sidecar listens: the agent's resend of pending offers fails at once, and its heartbeat keeps running.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var gateway = new KestrelGateway(("DAPR_HTTP_ENDPOINT", $"http://127.0.0.1:{LoopbackPorts.Free()}"));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"{gateway.Socket}?access_token={gateway.AgentToken("alice")}"), timeout.Token);
        await SendAsync(socket, """{"type":"ping"}""");
        while (await ReceiveAsync(socket, timeout.Token) is { } frame && frame.GetProperty("type").GetString() != "pong")
        {
        }

        var stop = Task.Run(gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication);
        while (await ReceiveAsync(socket, timeout.Token) is not null)
        {
        }

        Assert.Equal((WebSocketCloseStatus)1012, socket.CloseStatus);
        await stop.WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task Frames_read_before_the_client_closed_are_still_carried_out()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var sidecar = new HeldSidecar();
        using var gateway = new KestrelGateway(("DAPR_HTTP_ENDPOINT", sidecar.Endpoint));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"{gateway.Socket}?access_token={gateway.AgentToken("alice")}"), timeout.Token);

        // The pump is held in the agent's first call (the resend of offers made while it was away) when the agent
        // sets itself offline and closes at once.
        await sidecar.Called.WaitAsync(timeout.Token);
        await SendAsync(socket, """{"type":"presence","status":"offline"}""");
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        sidecar.Release();

        var presence = await sidecar.RequestAsync("/presence", timeout.Token);
        Assert.StartsWith("PUT /v1.0/invoke/sessions/method/v1/tenants/acme/agents/alice/presence", presence, StringComparison.Ordinal);
    }

    /// <summary>A sidecar that holds every service invocation until released, then answers 404 and closes.</summary>
    private sealed class HeldSidecar : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Channel<string> _requests = Channel.CreateUnbounded<string>();

        public HeldSidecar()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public Task Called => _called.Task;

        public void Release() => _released.TrySetResult();

        /// <summary>The request line of the first request (from now on) whose line contains <paramref name="part"/>.</summary>
        public async Task<string> RequestAsync(string part, CancellationToken ct)
        {
            while (true)
            {
                var line = await _requests.Reader.ReadAsync(ct);
                if (line.Contains(part, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }

        public void Dispose() => _listener.Dispose();

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = AnswerAsync(client);
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                _requests.Writer.TryWrite(head.ToString()[..head.ToString().IndexOf('\r', StringComparison.Ordinal)]);

                // Only the call to the sessions service is the send in flight; anything else the host asks its
                // sidecar on its own (the configuration check on start) is answered at once, so that it cannot pass
                // for the send and start the drain before the frame was read.
                if (head.ToString().Contains("/v1.0/invoke/", StringComparison.Ordinal))
                {
                    _called.TrySetResult();
                    await _released.Task;
                }

                await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            }
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string frame) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next frame, or null once the server closed (the close is echoed).</summary>
    private static async Task<JsonElement?> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }
}
