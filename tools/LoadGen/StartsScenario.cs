using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using HdrHistogram;

namespace DaprSupport.LoadGen;

/// <summary>
/// A start storm on one tenant: visitors arrive at <c>--start-rate</c> per second for <c>--seconds</c>, each sends
/// <c>start</c> once connected; agents with room for every session accept each offer. Measures start→offer (from
/// sending <c>start</c> to the agent receiving the <c>offer</c>), the <c>unavailable</c>/<c>rate_limited</c> answers
/// and their <c>retryAfterMs</c>, and whether every session was assigned by the end of the grace period.
/// </summary>
public static class StartsScenario
{
    public const double GoalRate = 200;
    public const double GoalP99Ms = 50;

    public static async Task<LoadResult> RunAsync(CommonOptions options, StartsOptions starts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(starts);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var visitors = (int)Math.Round(starts.Rate * options.Duration.TotalSeconds);
        var capacity = (int)Math.Ceiling(visitors / (double)starts.Agents) + 1;
        var run = Guid.NewGuid().ToString("N")[..6];
        var latency = new LongConcurrentHistogram(1, 5 * 60 * 1_000_000L, 3);
        var pairs = new StartOfferPairs(latency);
        var tally = new Tally();
        var cleanup = new SessionCleanup();
        var retryAfters = new ConcurrentBag<long>();
        var visitorStates = new ConcurrentBag<VisitorState>();
        var everyoneAssigned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = new ConcurrentBag<GatewayClient>();
        var agents = new ConcurrentBag<GatewayClient>();
        var loops = new ConcurrentBag<Task>();
        await using var progress = new Progress(() =>
            $"started {tally.Started}/{visitors}, offers {tally.Offers}, assigned {tally.Assigned}, unavailable {tally.Unavailable}, " +
            $"rate limited {tally.RateLimited}, p99 {Percentiles.Ms(latency, 99):0.0} ms");

        // The gateway's closes from here to the end of the grace period: a run that hits a cap (one address, one user)
        // says so instead of leaving starts unassigned for no visible reason.
        var gatewayBefore = await GatewayMetrics.ScrapeAsync(http, options.Url, ct);
        using var ramp = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, starts.Agents).Select(async i =>
        {
            await ramp.WaitAsync(ct);
            try
            {
                var agent = new GatewayClient(options, http);
                clients.Add(agent);
                agents.Add(agent);
                var (token, id) = await GatewayClient.AgentTokenAsync(options, http, $"lg-{run}-agent-{i}", capacity, ct);
                await agent.ConnectAsync(token, id, ct);
                loops.Add(agent.ReceiveAsync(frame => OnAgentFrameAsync(agent, frame), stop.Token));
                await agent.SendAsync(new { type = "presence", status = "online" }, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref tally.Errors);
            }
            finally
            {
                ramp.Release();
            }
        }));

        var probe = WindowProbe.Create(http, options);
        await probe.StartAsync(ct);
        var window = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, visitors).Select(async i =>
        {
            var due = TimeSpan.FromSeconds(i / starts.Rate) - window.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            try
            {
                var visitor = new GatewayClient(options, http);
                clients.Add(visitor);
                var (token, id) = await GatewayClient.VisitorTokenAsync(options, http, $"lg-{run}-visitor-{i}", ct);
                await visitor.ConnectAsync(token, id, ct);
                var start = new { type = "start", clientMsgId = Guid.NewGuid().ToString("N"), skill = "general", text = "hello" };
                var state = new VisitorState(visitor, start);
                visitorStates.Add(state);
                loops.Add(visitor.ReceiveAsync(frame => OnVisitorFrameAsync(state, frame), stop.Token));
                state.StartedAt = Stopwatch.GetTimestamp();
                await visitor.SendAsync(start, ct);
                Interlocked.Increment(ref tally.Started);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref tally.Errors);
            }
        }));
        var arrivalSeconds = window.Elapsed.TotalSeconds;

        // Every start should be assigned within the run plus the grace period.
        await Task.WhenAny(everyoneAssigned.Task, Task.Delay(starts.Grace, ct));
        var assignedWithin = window.Elapsed;
        var whereItGoes = await probe.FinishAsync(Interlocked.Read(ref tally.Assigned), window.Elapsed, ct, "assigned start");
        var closes = GatewayMetrics.DescribeCloses(gatewayBefore, await GatewayMetrics.ScrapeAsync(http, options.Url, ct));

        // Leave the tenant as we found it: every session resolved, the agents offline.
        await SessionCleanup.LearnSessionsAsync(
            [.. visitorStates.Where(v => v.SessionId is null && v.Client.IsOpen).Select(v => (v.Client, v.Start, v.Known.Task))],
            ct);
        await cleanup.ResolveAllAsync(
            visitorStates.Where(v => v.SessionId is not null).Select(v => (v.Client, v.SessionId!)), ct);

        foreach (var agent in agents)
        {
            await agent.TrySendAsync(new { type = "presence", status = "offline" }, ct);
        }

        await GatewayClient.CloseAllAsync(clients, loops, stop, TimeSpan.FromSeconds(10));
        var inv = CultureInfo.InvariantCulture;
        var sustained = tally.Started / Math.Max(arrivalSeconds, 0.001);
        var p99 = Percentiles.Ms(latency, 99);
        var afters = retryAfters.ToArray();
        var passed = sustained >= GoalRate * 0.98 && p99 <= GoalP99Ms && tally.Assigned == visitors && tally.Errors == 0;
        return new LoadResult("starts", [
            ("visitors / agents (capacity each)", string.Create(inv, $"{visitors} / {starts.Agents} ({capacity})")),
            ("start rate asked / sent", string.Create(inv, $"{starts.Rate:0.#}/s / {sustained:0.#}/s over {arrivalSeconds:0.0} s")),
            ("start→offer p50 / p90 / p99 / max", string.Create(inv,
                $"{Percentiles.Ms(latency, 50):0.0} / {Percentiles.Ms(latency, 90):0.0} / {p99:0.0} / {Percentiles.MaxMs(latency):0.0} ms ({latency.TotalCount} offers timed)")),
            ("assigned", string.Create(inv, $"{tally.Assigned}/{visitors} after {assignedWithin.TotalSeconds:0.0} s (grace {starts.Grace.TotalSeconds:0} s)")),
            ("unavailable / rate_limited answers", string.Create(inv, $"{tally.Unavailable} / {tally.RateLimited}")),
            ("retryAfterMs given (min / median / max)", afters.Length == 0 ? "none" : string.Create(inv,
                $"{afters.Min()} / {afters.Order().ElementAt(afters.Length / 2)} / {afters.Max()} ms in {afters.Length} answers")),
            ("start retries / errors", string.Create(inv, $"{tally.Retries} / {tally.Errors}")),
            ("connections closed by the gateway before the clean-up", closes),
            .. whereItGoes,
        ], latency, passed)
        {
            LatencyName = "start→offer latency",
            Goal = string.Create(inv, $"≥ {GoalRate:0}/s sustained, start→offer p99 ≤ {GoalP99Ms:0} ms, every start assigned"),
        };

        async Task OnAgentFrameAsync(GatewayClient agent, JsonObject frame)
        {
            if ((string?)frame["type"] == "offer" && (string?)frame["sessionId"] is { } sessionId)
            {
                Interlocked.Increment(ref tally.Offers);
                pairs.Offered(sessionId, Stopwatch.GetTimestamp());
                await agent.TrySendAsync(new { type = "accept", sessionId }, stop.Token);
            }
        }

        async Task OnVisitorFrameAsync(VisitorState state, JsonObject frame)
        {
            if (cleanup.Observe(state.Client, frame))
            {
                return;
            }

            var type = (string?)frame["type"];

            if (type == "error" && (string?)frame["code"] is { } code and ("unavailable" or "rate_limited") && !state.Assigned)
            {
                if (code == "unavailable")
                {
                    Interlocked.Increment(ref tally.Unavailable);
                }
                else
                {
                    Interlocked.Increment(ref tally.RateLimited);
                }

                var retryAfter = frame["retryAfterMs"]?.GetValue<long>();
                if (retryAfter is { } ms)
                {
                    retryAfters.Add(ms);
                }

                // As a client should: after retryAfterMs when given, else after 1–2 s, with the same clientMsgId.
                Interlocked.Increment(ref tally.Retries);
                await Task.Delay(TimeSpan.FromMilliseconds(retryAfter ?? (1000 + Random.Shared.Next(1000))), stop.Token);
                await state.Client.TrySendAsync(state.Start, stop.Token);
                return;
            }

            if ((string?)frame["sessionId"] is { } sessionId && state.SessionId is null && type is "ack" or "session")
            {
                state.SessionId = sessionId;
                pairs.Started(sessionId, state.StartedAt);
                state.Known.TrySetResult();
            }

            var assigned = (type == "session" && (string?)frame["status"] == "assigned") || (type == "item" && (string?)frame["event"] == "assigned");
            if (assigned && !state.Assigned)
            {
                state.Assigned = true;
                if (Interlocked.Increment(ref tally.Assigned) == visitors)
                {
                    everyoneAssigned.TrySetResult();
                }
            }
        }
    }

    private sealed class VisitorState(GatewayClient client, object start)
    {
        public GatewayClient Client { get; } = client;

        public object Start { get; } = start;

        public long StartedAt { get; set; }

        public string? SessionId { get; set; }

        /// <summary>Completed once the visitor has learnt its session.</summary>
        public TaskCompletionSource Known { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Assigned { get; set; }
    }

    private sealed class Tally
    {
        public long Started;
        public long Offers;
        public long Assigned;
        public long Unavailable;
        public long RateLimited;
        public long Retries;
        public long Errors;
    }
}

/// <summary>The options of <see cref="StartsScenario"/>.</summary>
public sealed record StartsOptions(double Rate, int Agents, TimeSpan Grace);
