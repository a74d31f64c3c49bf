using System.Collections.Concurrent;
using System.Net;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Invariants under concurrency (issue 4): parallel storms of creates, racing accepts (two agents for one session,
/// one agent beyond capacity), presence flaps and resolves. Afterwards: no agent over capacity, no session with two
/// agents, no waiting session while an eligible agent has room. Actor turns per Dapr reference/api/actors_api.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class ConcurrencyStormTests(RoutingSystemFixture fixture)
{
    private const int Capacity = 3;
    private static readonly Dictionary<string, string[]> AgentSkills = new(StringComparer.Ordinal)
    {
        ["g0"] = ["general"], ["g1"] = ["general"], ["g2"] = ["general"], ["g3"] = ["general"],
        ["b0"] = ["billing"], ["b1"] = ["billing"],
        ["x0"] = ["billing", "general"], ["x1"] = ["billing", "general"],
    };

    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task Storm_keeps_capacity_single_assignment_and_no_idle_capacity()
    {
        var t = RoutingSystemFixture.Tenants.Storm;
        var agents = AgentSkills.Keys.ToArray();
        await Task.WhenAll(agents.Select(a => _api.PresenceAsync(t, a, AgentPresence.Online, AgentSkills[a], Capacity)));
        await using var keepAlive = HeartbeatLoop.Start(_api, t, agents);

        using var stop = new CancellationTokenSource();
        var assigned = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var operations = 0;
        var creates = Task.WhenAll(Enumerable.Range(0, 120).Select(async i =>
        {
            await _api.CreateAsync(t, $"v{i}", skill: i % 2 == 0 ? "general" : "billing", priority: i % 3);
            Interlocked.Increment(ref operations);
        }));
        var acceptors = Task.WhenAll(Enumerable.Range(0, 3).Select(w => AcceptLoopAsync(t, agents, assigned, w, () => Interlocked.Increment(ref operations), stop.Token)));
        var flapper = FlapLoopAsync(t, () => Interlocked.Increment(ref operations), stop.Token);
        var resolver = ResolveLoopAsync(t, assigned, () => Interlocked.Increment(ref operations), stop.Token);

        await creates;
        stop.CancelAfter(TimeSpan.FromSeconds(4));
        await Task.WhenAll(acceptors, flapper, resolver);
        Assert.True(operations > 200, $"only {operations} operations");

        // Everyone back online, then accept every offer until nothing more is offered.
        await Task.WhenAll(agents.Select(a => _api.PresenceAsync(t, a, AgentPresence.Online, AgentSkills[a], Capacity)));
        await Eventually.Until(async () =>
        {
            var q = await _api.QueuesAsync(t);
            await Task.WhenAll(q.Offers.Select(async o => (await _api.AcceptAsync(t, o.SessionId, o.AgentId)).Dispose()));
            return q;
        }, q => q.Offers.Count == 0 && NoIdleCapacity(q, LiveAgents(q)), 30, "storm to settle");

        var snapshots = await Task.WhenAll(agents.Select(a => _api.AgentAsync(t, a)));
        Assert.All(snapshots, a => Assert.True(a.Load <= a.Capacity, $"{a.AgentId} holds {a.Load} > {a.Capacity}"));
        var holders = snapshots.SelectMany(a => a.Sessions.Select(s => (Session: s, a.AgentId))).ToList();
        Assert.Equal(holders.Count, holders.Select(h => h.Session).Distinct(StringComparer.Ordinal).Count());
        foreach (var (session, agent) in holders)
        {
            var s = await _api.SessionAsync(t, session);
            Assert.Equal((SessionStatus.Assigned, agent), (s.Status, s.AgentId));
        }

        foreach (var session in assigned.Keys)
        {
            var s = await _api.SessionAsync(t, session);
            if (s.Status == SessionStatus.Assigned)
            {
                Assert.Contains(holders, h => h.Session == session && h.AgentId == s.AgentId);
            }
        }

        var final = await _api.QueuesAsync(t);
        Assert.True(NoIdleCapacity(final, snapshots), "a waiting session while an eligible agent has room");
        Assert.Equal(agents.Length * Capacity, snapshots.Sum(a => a.Load));
    }

    private static IReadOnlyList<AgentSnapshot> LiveAgents(QueueSnapshot q) => q.Agents;

    /// <summary>No waiting session whose skill an online agent has while that agent has room (offers count as load).</summary>
    private static bool NoIdleCapacity(QueueSnapshot q, IReadOnlyList<AgentSnapshot> agents) =>
        !q.Waiting.Any(w => agents.Any(a => a.Presence == AgentPresence.Online
                                            && a.Skills.Contains(w.Skill)
                                            && a.Load + q.Offers.Count(o => o.AgentId == a.AgentId) < a.Capacity));

    private async Task AcceptLoopAsync(string t, string[] agents, ConcurrentDictionary<string, string> assigned, int worker, Action counted, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            var q = await _api.QueuesAsync(t);
            var attempts = new List<Task>();
            foreach (var offer in q.Offers)
            {
                // The offered agent and a rival race for the same session; g0 grabs everything it sees.
                var rival = agents[random.Next(agents.Length)];
                foreach (var agent in new[] { offer.AgentId, rival, "g0" }.Distinct(StringComparer.Ordinal))
                {
                    attempts.Add(AcceptAsync(t, offer.SessionId, agent, assigned, counted));
                }
            }

            await Task.WhenAll(attempts);
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private async Task AcceptAsync(string t, string session, string agent, ConcurrentDictionary<string, string> assigned, Action counted)
    {
        using var response = await _api.AcceptAsync(t, session, agent);
        counted();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"accept answered {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            assigned[session] = agent;
        }
    }

    private async Task FlapLoopAsync(string t, Action counted, CancellationToken stop)
    {
        var states = new[] { AgentPresence.Away, AgentPresence.Online, AgentPresence.Offline, AgentPresence.Online };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            await Task.WhenAll(new[] { "x0", "b1" }.Select(a => _api.PresenceAsync(t, a, states[(i + a.Length) % states.Length], AgentSkills[a], Capacity)));
            counted();
            await Task.Delay(150, CancellationToken.None);
        }
    }

    private async Task ResolveLoopAsync(string t, ConcurrentDictionary<string, string> assigned, Action counted, CancellationToken stop)
    {
        var resolved = new HashSet<string>(StringComparer.Ordinal);
        while (!stop.IsCancellationRequested)
        {
            var batch = assigned.Where(a => !resolved.Contains(a.Key)).Take(4).ToList();
            await Task.WhenAll(batch.Select(async a =>
            {
                resolved.Add(a.Key);
                using var response = await _api.ResolveAsync(t, a.Key, a.Value, Roles.Agent);
                counted();
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.Forbidden, $"resolve answered {(int)response.StatusCode}");
            }));
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
