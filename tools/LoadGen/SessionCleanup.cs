using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace DaprSupport.LoadGen;

/// <summary>
/// The end of a run: every session it started is resolved, a few at a time, each resolve confirmed by its
/// <c>session</c> (resolved) answer and sent again after an error or silence. A burst of a thousand resolves timed out
/// in the sessions service, and the sessions left open were queued again for the next run's agents. The scenario's
/// visitor frame handler hands each parsed frame to <see cref="Observe"/> first.
/// </summary>
public sealed class SessionCleanup
{
    /// <summary>How long the clean-up waits for an answer (a visitor learning its session, a resolve confirmed).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private const int Concurrency = 32;
    private const int Tries = 3;
    private readonly ConcurrentDictionary<GatewayClient, TaskCompletionSource<bool>> _resolving = new();

    /// <summary>True when <paramref name="frame"/> answers the visitor's resolve (and is taken).</summary>
    public bool Observe(GatewayClient visitor, JsonObject frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var type = (string?)frame["type"];
        if ((type == "error" || (type == "session" && (string?)frame["status"] == "resolved"))
            && _resolving.TryGetValue(visitor, out var answer))
        {
            answer.TrySetResult(type == "session");
            return true;
        }

        return false;
    }

    /// <summary>
    /// Visitors that never learnt their session (the answer to their start was lost under overload) may have one all
    /// the same, queued and taking the next run's agents: each sends its start again (the same clientMsgId, so the
    /// same session), and the clean-up waits for them to learn it (<paramref name="learnt"/>), <see cref="Patience"/>
    /// at most.
    /// </summary>
    public static async Task LearnSessionsAsync(
        IReadOnlyCollection<(GatewayClient Visitor, object Start, Task Learnt)> unknown, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        foreach (var (visitor, start, _) in unknown)
        {
            await visitor.TrySendAsync(start, ct);
        }

        if (unknown.Count > 0)
        {
            await Task.WhenAny(Task.WhenAll(unknown.Select(v => v.Learnt)), Task.Delay(Patience, ct));
        }
    }

    /// <summary>Resolves each visitor's session, at most 32 at a time.</summary>
    public async Task ResolveAllAsync(IEnumerable<(GatewayClient Visitor, string SessionId)> sessions, CancellationToken ct)
    {
        using var pace = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(sessions.Select(async session =>
        {
            await pace.WaitAsync(ct);
            try
            {
                await ResolveAsync(session.Visitor, session.SessionId, ct);
            }
            finally
            {
                pace.Release();
            }
        }));
    }

    private async Task ResolveAsync(GatewayClient visitor, string sessionId, CancellationToken ct)
    {
        try
        {
            for (var attempt = 0; attempt < Tries && visitor.IsOpen; attempt++)
            {
                var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _resolving[visitor] = answer;
                await visitor.TrySendAsync(new { type = "resolve", sessionId }, ct);
                var answered = await Task.WhenAny(answer.Task, Task.Delay(Patience, ct)) == answer.Task;
                if (answered && answer.Task.Result)
                {
                    return;
                }

                if (answered)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500 + Random.Shared.Next(500)), ct);
                }
            }
        }
        finally
        {
            _resolving.TryRemove(visitor, out _);
        }
    }
}
