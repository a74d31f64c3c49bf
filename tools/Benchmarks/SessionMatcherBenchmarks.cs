using BenchmarkDotNet.Attributes;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Benchmarks;

/// <summary>
/// The routing decision with N candidate agents (goal: ≤ 150 ns at 50, ≤ 1 µs at 1,000). Loads are spread so that
/// the best agent is found late in the span and most agents are busy, the realistic case for a busy contact centre.
/// </summary>
[MemoryDiagnoser]
public class SessionMatcherBenchmarks
{
    private AgentCandidate[] _skilled = [];
    private AgentCandidate[] _saturated = [];
    private RoutingPolicy _policy;

    [Params(50, 1000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _policy = RoutingPolicy.Default;
        _skilled = new AgentCandidate[Agents];
        _saturated = new AgentCandidate[Agents];
        for (var i = 0; i < Agents; i++)
        {
            var online = random.NextDouble() > 0.1;
            _skilled[i] = new AgentCandidate(i, online, random.Next(1, 6), 5, 1_700_000_000_000 + random.NextInt64(0, 1_000_000));
            _saturated[i] = new AgentCandidate(i, online, 5, 5, i);
        }

        _skilled[^3] = new AgentCandidate(Agents - 3, true, 0, 5, 10);
    }

    [Benchmark(Description = "Match: skilled agent below threshold")]
    public MatchResult MatchSkilled() => SessionMatcher.Match(_skilled, _skilled, in _policy, TimeSpan.FromSeconds(5));

    [Benchmark(Description = "Match: all skilled busy, overflow scan of the tenant")]
    public MatchResult MatchOverflow() => SessionMatcher.Match(_saturated, _skilled, in _policy, TimeSpan.FromSeconds(90));
}
