using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using HdrHistogram;

namespace DaprSupport.LoadGen;

/// <summary>
/// N visitors start sessions, M agents accept the offers (capacity spread so all fit) and greet each visitor once
/// assigned (the first response the SLO metrics measure), then every visitor sends messages at a fixed rate. Each text carries its send timestamp; the agent's socket records the delivery latency.
/// </summary>
public static class ChatScenario
{
    private const string Marker = "lg:";

    public static async Task<LoadResult> RunAsync(CommonOptions options, ChatOptions chat, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var latency = new LongConcurrentHistogram(1, 5 * 60 * 1_000_000L, 3);

        // The same deliveries from the item's `ts` (stamped by the session actor as the append begins): the part of the
        // latency after the gateway → sessions call (history write, state save, publish, fanout, agent socket).
        var afterStamp = new LongConcurrentHistogram(1, 5 * 60 * 1_000_000L, 3);
        var counters = new Counters();
        var measuring = false;
        var capacity = (int)Math.Ceiling(chat.Pairs / (double)chat.Agents) + 1;
        var run = Guid.NewGuid().ToString("N")[..6]; // fresh agents every run: earlier runs' sessions don't fill them
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = new List<GatewayClient>();
        var loops = new List<Task>();
        await using var progress = new Progress(() =>
            $"connected {counters.Connected}/{counters.Attempts}, assigned {counters.Assigned}/{chat.Pairs}, sent {counters.Sent}, delivered {counters.Delivered}, " +
            $"p99 {Percentiles.Ms(latency, 99):0.0} ms");

        var ramp = new SemaphoreSlim(32);
        var agentTasks = Enumerable.Range(0, chat.Agents).Select(async i =>
        {
            await ramp.WaitAsync(ct);
            try
            {
                var client = new GatewayClient(options, http);
                lock (clients)
                {
                    clients.Add(client);
                }

                Interlocked.Increment(ref counters.Attempts);
                var (token, id) = await GatewayClient.AgentTokenAsync(options, http, $"lg-{run}-agent-{i}", capacity, ct);
                await client.ConnectAsync(token, id, ct);
                Interlocked.Increment(ref counters.Connected);
                lock (loops)
                {
                    loops.Add(client.ReceiveAsync(frame => OnAgentFrame(client, frame), stop.Token));
                }

                await client.SendAsync(new { type = "presence", status = "online" }, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref counters.Errors);
            }
            finally
            {
                ramp.Release();
            }
        });
        await Task.WhenAll(agentTasks);

        var visitors = new List<(GatewayClient Client, TaskCompletionSource<string> Assigned)>();
        var starts = new Dictionary<GatewayClient, object>();
        var started = new System.Collections.Concurrent.ConcurrentDictionary<GatewayClient, string>();
        var arrivals = Stopwatch.StartNew();
        var visitorTasks = Enumerable.Range(0, chat.Pairs).Select(async i =>
        {
            // Visitors arrive at --start-rate per second, as they would on a site, not all in the same instant.
            var due = TimeSpan.FromSeconds(i / Math.Max(chat.StartRate, 0.001)) - arrivals.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            await ramp.WaitAsync(ct);
            try
            {
                var client = new GatewayClient(options, http);
                var assigned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (clients)
                {
                    clients.Add(client);
                    visitors.Add((client, assigned));
                }

                Interlocked.Increment(ref counters.Attempts);
                var (token, id) = await GatewayClient.VisitorTokenAsync(options, http, $"lg-{run}-visitor-{i}", ct);
                await client.ConnectAsync(token, id, ct);
                Interlocked.Increment(ref counters.Connected);
                lock (loops)
                {
                    loops.Add(client.ReceiveAsync(frame => OnVisitorFrame(client, frame, assigned), stop.Token));
                }

                var start = new { type = "start", clientMsgId = Guid.NewGuid().ToString("N"), skill = "general", text = "hello" };
                lock (starts)
                {
                    starts[client] = start;
                }

                await client.SendAsync(start, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref counters.Errors);
            }
            finally
            {
                ramp.Release();
            }
        });
        await Task.WhenAll(visitorTasks);

        // Wait (bounded) for the sessions to be assigned, then chat for the measured duration.
        await Task.WhenAny(Task.WhenAll(visitors.Select(v => v.Assigned.Task)), Task.Delay(TimeSpan.FromSeconds(chat.AssignSeconds), ct));
        measuring = true;
        var window = Stopwatch.StartNew();
        var senders = visitors.Where(v => v.Assigned.Task.IsCompletedSuccessfully)
            .Select(v => ChatAsync(v.Client, v.Assigned.Task.Result, chat.Rate, options.Duration, counters, ct))
            .ToList();
        await Task.WhenAll(senders);
        await Task.Delay(TimeSpan.FromSeconds(2), ct); // let the last messages arrive before reading the histogram
        measuring = false;
        var elapsed = window.Elapsed.TotalSeconds;

        // Leave the tenant as we found it: every session started resolved (assigned or still waiting), agents offline.
        foreach (var (client, sessionId) in started)
        {
            await TrySendAsync(client, new { type = "resolve", sessionId }, ct);
        }

        foreach (var client in clients.Except(visitors.Select(v => v.Client)))
        {
            await TrySendAsync(client, new { type = "presence", status = "offline" }, ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        await stop.CancelAsync();
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await Task.WhenAll(loops);

        var successRate = counters.Attempts == 0 ? 0 : 100.0 * counters.Connected / counters.Attempts;
        var p99 = Percentiles.Ms(latency, 99);
        var inv = CultureInfo.InvariantCulture;
        return new LoadResult("chat", [
            ("pairs (visitors/agents)", string.Create(inv, $"{chat.Pairs}/{chat.Agents}")),
            ("rate per visitor", string.Create(inv, $"{chat.Rate:0.##} msg/s")),
            ("visitor arrivals", string.Create(inv, $"{chat.StartRate:0.##} per second")),
            ("connect success", string.Create(inv, $"{successRate:0.000} % ({counters.Connected}/{counters.Attempts})")),
            ("sessions assigned", string.Create(inv, $"{counters.Assigned}/{chat.Pairs}")),
            ("messages sent / delivered", string.Create(inv, $"{counters.Sent} / {counters.Delivered} in {elapsed:0} s")),
            ("delivery p50 / p90 / p99 / max", string.Create(inv,
                $"{Percentiles.Ms(latency, 50):0.0} / {Percentiles.Ms(latency, 90):0.0} / {p99:0.0} / {Percentiles.MaxMs(latency):0.0} ms")),
            ("of which after the session actor's stamp p50 / p99", string.Create(inv,
                $"{Percentiles.Ms(afterStamp, 50):0.0} / {Percentiles.Ms(afterStamp, 99):0.0} ms")),
            ("errors / start retries", string.Create(inv, $"{counters.Errors} / {counters.Retries}")),
        ], latency, p99 <= 25 && successRate >= 99.99 && counters.Assigned == chat.Pairs && counters.Sent > 0 && counters.Delivered == counters.Sent);

        async Task OnAgentFrame(GatewayClient agent, JsonObject frame)
        {
            switch ((string?)frame["type"])
            {
                case "offer":
                    await agent.SendAsync(new { type = "accept", sessionId = (string?)frame["sessionId"] }, stop.Token);
                    break;
                case "session" when (string?)frame["status"] is "assigned" && (string?)frame["sessionId"] is { } greeted:
                    await TrySendAsync(agent, new { type = "send", clientMsgId = Guid.NewGuid().ToString("N"), sessionId = greeted, text = "Hello, how can I help?" }, stop.Token);
                    break;
                case "item" when VisitorStamp(frame) is { } sentAt:
                    if (measuring)
                    {
                        latency.RecordValue(Math.Max(1, Stopwatch.GetElapsedTime(sentAt).Ticks / 10));
                        if (frame["ts"]?.GetValue<DateTimeOffset>() is { } stamped)
                        {
                            afterStamp.RecordValue(Math.Max(1, (DateTimeOffset.UtcNow - stamped).Ticks / 10));
                        }

                        Interlocked.Increment(ref counters.Delivered);
                    }

                    break;
            }
        }

        async Task OnVisitorFrame(GatewayClient visitor, JsonObject frame, TaskCompletionSource<string> assigned)
        {
            if (chat.Verbose)
            {
                Console.WriteLine("visitor <- " + frame.ToJsonString());
            }

            var type = (string?)frame["type"];
            if (type == "error" && (string?)frame["code"] is "unavailable" or "rate_limited" && !assigned.Task.IsCompleted)
            {
                // What a real client does: retry the start later with the same clientMsgId (idempotent).
                Interlocked.Increment(ref counters.Retries);
                object start;
                lock (starts)
                {
                    start = starts[visitor];
                }

                await Task.Delay(TimeSpan.FromSeconds(1 + Random.Shared.NextDouble()), stop.Token);
                await TrySendAsync(visitor, start, stop.Token);
                return;
            }

            if (type == "ack" && frame["sessionId"]?.GetValue<string>() is { } startedId)
            {
                started.TryAdd(visitor, startedId);
            }

            var isAssigned = (type == "session" && (string?)frame["status"] is "assigned" or "Assigned")
                             || (type == "item" && (string?)frame["event"] == "assigned");
            if (isAssigned && frame["sessionId"]?.GetValue<string>() is { } sessionId && assigned.TrySetResult(sessionId))
            {
                Interlocked.Increment(ref counters.Assigned);
            }
        }
    }

    private static async Task TrySendAsync(GatewayClient client, object frame, CancellationToken ct)
    {
        try
        {
            await client.SendAsync(frame, ct);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or InvalidOperationException)
        {
            // The socket is gone; the gateway cleans up after it.
        }
    }

    /// <summary>The send timestamp of a visitor's load-generator text, or null for any other frame.</summary>
    private static long? VisitorStamp(JsonObject frame)
    {
        if ((string?)frame["kind"] != "text" || frame["from"] is not JsonObject from || (string?)from["role"] != "visitor")
        {
            return null;
        }

        return frame["text"]?.GetValue<string>() is { } text && text.StartsWith(Marker, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Marker.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stamp)
            ? stamp
            : null;
    }

    private static async Task ChatAsync(GatewayClient visitor, string sessionId, double rate, TimeSpan duration, Counters counters, CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(1 / rate);
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds), ct);
        using var timer = new PeriodicTimer(interval);
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        do
        {
            try
            {
                await visitor.SendAsync(new { type = "send", clientMsgId = Guid.NewGuid().ToString("N"), sessionId, text = Marker + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) }, ct);
                Interlocked.Increment(ref counters.Sent);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref counters.Errors);
                return;
            }
        }
        while (Stopwatch.GetTimestamp() < end && await timer.WaitForNextTickAsync(ct));
    }

    private sealed class Counters
    {
        public long Attempts;
        public long Connected;
        public long Assigned;
        public long Sent;
        public long Delivered;
        public long Errors;
        public long Retries;
    }
}
