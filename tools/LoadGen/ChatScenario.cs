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

    public static async Task<LoadResult> RunAsync(CommonOptions options, ChatOptions chat, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var latency = new LongConcurrentHistogram(1, 5 * 60 * 1_000_000L, 3);

        // The same deliveries from the item's `ts` (stamped by the session actor as the append begins): the part of the
        // latency after the gateway → sessions call (history write, state save, publish, fanout, agent socket).
        var afterStamp = new LongConcurrentHistogram(1, 5 * 60 * 1_000_000L, 3);
        var counters = new Counters();
        var ledger = new DeliveryLedger(chat.Pairs);
        var measuring = false;
        LongConcurrentHistogram? stepLatency = null;
        var capacity = (int)Math.Ceiling(chat.Pairs / (double)chat.Agents) + 1;
        var run = Guid.NewGuid().ToString("N")[..6]; // fresh agents every run: earlier runs' sessions don't fill them
        var marked = FrameScan.MarkedText(run);
        // The warm-up's texts carry another tag: skipped unparsed like the window's, never counted.
        var warmUp = run + "w";
        var warmUpMarked = FrameScan.MarkedText(warmUp);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = new List<GatewayClient>();
        var loops = new List<Task>();
        await using var progress = new Progress(() =>
            $"connected {counters.Connected}/{counters.Attempts}, assigned {counters.Assigned}/{chat.Pairs}, sent {counters.Sent}, delivered {counters.Delivered}, " +
            $"p99 {Percentiles.Ms(latency, 99):0.0} ms");

        // The gateway's closes until the clean-up: a run that hits a cap (one address, one user) or overruns a
        // client's queue (4408) says so.
        var gatewayBefore = await GatewayMetrics.ScrapeAsync(http, options.Url, ct);
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
                    loops.Add(client.ReceiveAsync(
                        bytes => OnAgentBytes(client, bytes), frame => OnAgentFrame(client, frame), stop.Token));
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

        var visitors = new List<(GatewayClient Client, TaskCompletionSource<string> Assigned, int Index)>();
        var starts = new Dictionary<GatewayClient, object>();
        var started = new System.Collections.Concurrent.ConcurrentDictionary<GatewayClient, string>();
        var learnt = new System.Collections.Concurrent.ConcurrentDictionary<GatewayClient, TaskCompletionSource>();
        var cleanup = new SessionCleanup();
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
                    visitors.Add((client, assigned, i));
                    learnt[client] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                Interlocked.Increment(ref counters.Attempts);
                var (token, id) = await GatewayClient.VisitorTokenAsync(options, http, $"lg-{run}-visitor-{i}", ct);
                await client.ConnectAsync(token, id, ct);
                Interlocked.Increment(ref counters.Connected);
                lock (loops)
                {
                    // A visitor's own texts come back as items, and each is acked: once assigned, both skipped unparsed
                    // (as are the agent's read receipts).
                    loops.Add(client.ReceiveAsync(
                        bytes => OnVisitorBytes(bytes, assigned.Task.IsCompleted),
                        frame => OnVisitorFrame(client, frame, assigned), stop.Token));
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
        var chatting = visitors.Where(v => v.Assigned.Task.IsCompletedSuccessfully).Select(v => (v.Client, v.Assigned.Task.Result, v.Index)).ToList();
        if (chat.Warmup > TimeSpan.Zero)
        {
            // Its texts still arriving in the window are not counted (but cost what they cost).
            Console.WriteLine($"warming up: {chat.Warmup.TotalSeconds:0} s of unmeasured chat");
            var firstRate = chat.Ramp?.RateOf(0) ?? chat.Rate;
            await Task.WhenAll(chatting.Select(v => ChatAsync(v.Client, warmUp, v.Result, firstRate, chat.Warmup, new Counters(), null, chat.Typing, ct)));
        }

        var probe = WindowProbe.Create(http, options);
        await probe.StartAsync(ct);
        measuring = true;
        var window = Stopwatch.StartNew();
        var steps = new List<RampStep>();
        if (chat.Ramp is { } stepping)
        {
            for (var i = 0; i < stepping.Steps; i++)
            {
                var histogram = new LongConcurrentHistogram(1, 5 * 60 * 1_000_000L, 3);
                Volatile.Write(ref stepLatency, histogram);
                var (sent, delivered) = (Interlocked.Read(ref counters.Sent), Interlocked.Read(ref counters.Delivered));
                var step = Stopwatch.StartNew();
                await Task.WhenAll(chatting.Select(v => ChatAsync(v.Client, run, v.Result, stepping.RateOf(i), stepping.StepDuration, counters, (ledger, v.Index), chat.Typing, ct)));
                var (sentAfter, deliveredAfter) = (Interlocked.Read(ref counters.Sent), Interlocked.Read(ref counters.Delivered));
                steps.Add(new RampStep(stepping.RateOf(i), chatting.Count, step.Elapsed, sentAfter - sent, deliveredAfter - delivered,
                    sent - delivered, sentAfter - deliveredAfter, Percentiles.Ms(histogram, 99)));
                Console.WriteLine(RampReport.Line(i, steps[^1]));
            }
        }
        else
        {
            await Task.WhenAll(chatting.Select(v => ChatAsync(v.Client, run, v.Result, chat.Rate, options.Duration, counters, (ledger, v.Index), chat.Typing, ct)));
        }

        ledger.EndSending();
        var sinceLastSend = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2), ct); // let the last messages arrive before reading the histogram
        measuring = false;
        var inWindow = ledger.Arrived;
        var elapsed = window.Elapsed.TotalSeconds;
        var whereItGoes = await probe.FinishAsync(Interlocked.Read(ref counters.Delivered), window.Elapsed, ct);

        // The backlog a run under overload leaves: does every text still arrive, once, and when? Before the clean-up,
        // whose resolves would end the sessions the texts are queued for.
        await Task.WhenAny(ledger.AllArrived, Task.Delay(chat.Drain, ct));
        var drained = ledger.AllArrived.IsCompleted ? sinceLastSend.Elapsed : (TimeSpan?)null;
        (string Name, string Value)[] arrival = [
            .. ArrivalFigures(ledger, inWindow, drained, chat.Drain),
            ("connections closed by the gateway before the clean-up",
                GatewayMetrics.DescribeCloses(gatewayBefore, await GatewayMetrics.ScrapeAsync(http, options.Url, ct))),
        ];

        // Leave the tenant as we found it: every session started resolved (assigned or still waiting), agents offline.
        List<(GatewayClient, object, Task)> unknown;
        lock (starts)
        {
            unknown = [.. visitors.Where(v => !started.ContainsKey(v.Client) && v.Client.IsOpen)
                .Select(v => (v.Client, starts[v.Client], learnt[v.Client].Task))];
        }

        await SessionCleanup.LearnSessionsAsync(unknown, ct);
        await cleanup.ResolveAllAsync(started.Select(s => (s.Key, s.Value)), ct);

        foreach (var client in clients.Except(visitors.Select(v => v.Client)))
        {
            await client.TrySendAsync(new { type = "presence", status = "offline" }, ct);
        }

        await GatewayClient.CloseAllAsync(clients, loops, stop, TimeSpan.FromSeconds(10));

        var successRate = counters.Attempts == 0 ? 0 : 100.0 * counters.Connected / counters.Attempts;
        var p99 = Percentiles.Ms(latency, 99);
        var inv = CultureInfo.InvariantCulture;
        if (chat.Ramp is not null)
        {
            return RampReport.Result(steps, [
                ("pairs (visitors/agents)", string.Create(inv, $"{chat.Pairs}/{chat.Agents}")),
                ("sessions assigned", string.Create(inv, $"{counters.Assigned}/{chat.Pairs}")),
                ("messages sent / delivered (all steps)", string.Create(inv, $"{counters.Sent} / {counters.Delivered} in {elapsed:0} s")),
                ("errors / start retries", string.Create(inv, $"{counters.Errors} / {counters.Retries}")),
                .. arrival,
            ], whereItGoes);
        }

        return new LoadResult("chat", [
            ("pairs (visitors/agents)", string.Create(inv, $"{chat.Pairs}/{chat.Agents}")),
            ("rate per visitor", string.Create(inv, $"{chat.Rate:0.##} msg/s")),
            ("visitor arrivals", string.Create(inv, $"{chat.StartRate:0.##} per second")),
            ("unmeasured warm-up before the window", string.Create(inv, $"{chat.Warmup.TotalSeconds:0} s")),
            ("connect success", string.Create(inv, $"{successRate:0.000} % ({counters.Connected}/{counters.Attempts})")),
            ("sessions assigned", string.Create(inv, $"{counters.Assigned}/{chat.Pairs}")),
            ("messages sent / delivered", string.Create(inv, $"{counters.Sent} / {counters.Delivered} in {elapsed:0} s")),
            ("delivery p50 / p90 / p99 / max", string.Create(inv,
                $"{Percentiles.Ms(latency, 50):0.0} / {Percentiles.Ms(latency, 90):0.0} / {p99:0.0} / {Percentiles.MaxMs(latency):0.0} ms")),
            ("of which after the session actor's stamp p50 / p99", string.Create(inv,
                $"{Percentiles.Ms(afterStamp, 50):0.0} / {Percentiles.Ms(afterStamp, 99):0.0} ms")),
            ("errors / start retries", string.Create(inv, $"{counters.Errors} / {counters.Retries}")),
            ("read receipts sent in the window (--read-receipts: the agent's, one per text)", chat.ReadReceipts
                ? counters.Reads.ToString(inv) : "none"),
            ("typing frames sent / relayed to agents in the window (--typing: the visitors', one before each text)", chat.Typing
                ? string.Create(inv, $"{counters.Typing} / {counters.TypingRelayed}") : "none"),
            .. arrival,
            .. whereItGoes,
        ], latency, p99 <= 25 && successRate >= 99.99 && counters.Assigned == chat.Pairs && counters.Sent > 0 && counters.Delivered == counters.Sent
            && ledger.Duplicates == 0 && ledger.OutOfOrder == 0)
        {
            Goal = "every session assigned, every message sent delivered in the window, once and in order, delivery p99 ≤ 25 ms",
        };

        async Task OnAgentFrame(GatewayClient agent, JsonObject frame)
        {
            switch ((string?)frame["type"])
            {
                case "offer":
                    await agent.SendAsync(new { type = "accept", sessionId = (string?)frame["sessionId"] }, stop.Token);
                    break;
                case "session" when (string?)frame["status"] is "assigned" && (string?)frame["sessionId"] is { } greeted:
                    await agent.TrySendAsync(new { type = "send", clientMsgId = Guid.NewGuid().ToString("N"), sessionId = greeted, text = "Hello, how can I help?" }, stop.Token);
                    break;
            }
        }

        // The hot path: a visitor's text reaching its agent, read from the frame's bytes without parsing it.
        bool OnAgentBytes(GatewayClient agent, ReadOnlyMemory<byte> bytes)
        {
            if (!FrameScan.TryMarkedText(bytes.Span, marked, out var sentAt, out var stamped, out var sender, out var number))
            {
                if (FrameScan.IsTyping(bytes.Span))
                {
                    if (measuring)
                    {
                        Interlocked.Increment(ref counters.TypingRelayed);
                    }

                    return true;
                }

                if (!FrameScan.TryMarkedText(bytes.Span, warmUpMarked, out _, out _))
                {
                    return false;
                }

                MarkRead(agent, bytes);
                return true;
            }

            MarkRead(agent, bytes);
            ledger.Arrive(sender, number);
            if (measuring)
            {
                var micros = Math.Max(1, Stopwatch.GetElapsedTime(sentAt).Ticks / 10);
                latency.RecordValue(micros);
                Volatile.Read(ref stepLatency)?.RecordValue(micros);
                if (stamped is { } ts)
                {
                    afterStamp.RecordValue(Math.Max(1, (DateTimeOffset.UtcNow - ts).Ticks / 10));
                }

                Interlocked.Increment(ref counters.Delivered);
            }

            return true;
        }

        bool OnVisitorBytes(ReadOnlyMemory<byte> bytes, bool isAssigned)
        {
            var span = bytes.Span;
            if (FrameScan.TryMarkedText(span, marked, out _, out _) || FrameScan.TryMarkedText(span, warmUpMarked, out _, out _))
            {
                return true;
            }

            return isAssigned && (FrameScan.IsAck(span) || FrameScan.IsReadReceipt(span));
        }

        // With --read-receipts, the agent marks each visitor text read as it arrives, as the desk does (the pages send
        // no read for their own texts).
        void MarkRead(GatewayClient client, ReadOnlyMemory<byte> bytes)
        {
            if (chat.ReadReceipts && FrameScan.TryItemPosition(bytes.Span, out var sessionId, out var seq))
            {
                if (measuring)
                {
                    Interlocked.Increment(ref counters.Reads);
                }

                _ = client.TrySendAsync(new { type = "read", sessionId, seq }, stop.Token);
            }
        }

        async Task OnVisitorFrame(GatewayClient visitor, JsonObject frame, TaskCompletionSource<string> assigned)
        {
            if (chat.Verbose)
            {
                Console.WriteLine("visitor <- " + frame.ToJsonString());
            }

            if (cleanup.Observe(visitor, frame))
            {
                return;
            }

            var type = (string?)frame["type"];
            if (type == "error" && DeliveryLedger.TryParseClientMsgId((string?)frame["clientMsgId"], run, out var sender, out var number))
            {
                ledger.Refuse(sender, number);
                return;
            }

            if (type == "error" && (string?)frame["code"] is "unavailable" or "rate_limited" && !assigned.Task.IsCompleted)
            {
                // What a real client does: retry the start later with the same clientMsgId (idempotent).
                Interlocked.Increment(ref counters.Retries);
                object start;
                lock (starts)
                {
                    start = starts[visitor];
                }

                // After retryAfterMs when given (as the web client does), else after 1–2 s.
                var retryAfter = frame["retryAfterMs"]?.GetValue<long>();
                await Task.Delay(TimeSpan.FromMilliseconds(retryAfter ?? 1000 + Random.Shared.Next(1000)), stop.Token);
                await visitor.TrySendAsync(start, stop.Token);
                return;
            }

            if (type is "ack" or "session" && frame["sessionId"]?.GetValue<string>() is { } startedId
                && started.TryAdd(visitor, startedId))
            {
                learnt[visitor].TrySetResult();
            }

            var isAssigned = (type == "session" && (string?)frame["status"] is "assigned" or "Assigned")
                             || (type == "item" && (string?)frame["event"] == "assigned");
            if (isAssigned && frame["sessionId"]?.GetValue<string>() is { } sessionId && assigned.TrySetResult(sessionId))
            {
                Interlocked.Increment(ref counters.Assigned);
            }
        }
    }

    /// <summary>
    /// Open loop: message k is due at start + k × interval and carries that due time as its stamp, whenever it is
    /// actually sent. A sender held up (by the socket, the thread pool, the tool itself) sends what is due back to
    /// back, and the wait counts in the latency, instead of the skipped ticks of a timer hiding it (coordinated
    /// omission).
    /// </summary>
    private static async Task ChatAsync(
        GatewayClient visitor, string run, string sessionId, double rate, TimeSpan duration, Counters counters,
        (DeliveryLedger Ledger, int Visitor)? numbered, bool typing, CancellationToken ct)
    {
        // Senders start spread over the first interval, not all at once.
        var schedule = OpenLoop.For(rate, duration, Stopwatch.GetTimestamp() + (long)(Random.Shared.NextDouble() * Stopwatch.Frequency / rate));
        for (var k = 0L; k < schedule.Count; k++)
        {
            var due = schedule.Due(k);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            try
            {
                if (typing)
                {
                    await visitor.SendAsync(new { type = "typing", sessionId }, ct);
                    Interlocked.Increment(ref counters.Typing);
                }

                var (clientMsgId, text) = numbered is { } n
                    ? n.Ledger.Next(run, due, n.Visitor)
                    : (Guid.NewGuid().ToString("N"), FrameScan.Text(run, due));
                await visitor.SendAsync(new { type = "send", clientMsgId, sessionId, text }, ct);
                Interlocked.Increment(ref counters.Sent);
                numbered?.Ledger.MarkSent();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref counters.Errors);
                return;
            }
        }
    }

    /// <summary>The report's lines on what arrived after the window, and whether every text arrived once and in order.</summary>
    public static (string Name, string Value)[] ArrivalFigures(DeliveryLedger ledger, long inWindow, TimeSpan? drained, TimeSpan drain)
    {
        var inv = CultureInfo.InvariantCulture;
        var after = drained is { } took
            ? string.Create(inv, $"{ledger.Arrived - inWindow} more; every text sent and not refused arrived, the last {took.TotalSeconds:0.0} s after the last send")
            : string.Create(inv, $"{ledger.Arrived - inWindow} more; {ledger.Missing} of {ledger.Sent} still missing {drain.TotalSeconds:0} s after the last send");
        return
        [
            ("texts arriving after the window (--drain-seconds)", after),
            ("texts refused by the gateway (an error frame to the visitor, e.g. rate_limited)", string.Create(inv, $"{ledger.Refused} of {ledger.Sent}")),
            ("texts arriving twice / after a later text (at the agents' sockets)", string.Create(inv, $"{ledger.Duplicates} / {ledger.OutOfOrder}")),
        ];
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
        public long Reads;
        public long Typing;
        public long TypingRelayed;
    }
}
