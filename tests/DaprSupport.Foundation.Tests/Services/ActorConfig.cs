namespace DaprSupport.Foundation.Tests.Services;

/// <summary>
/// The <c>/dapr/config</c> body the Dapr .NET actor runtime writes with the project's settings (AddActorHost
/// defaults: idle timeout 1h, scan interval 30s, drain timeout 30s, drain rebalanced actors on, no reentrancy). daprd parses the
/// durations with Go's time.ParseDuration, which accepts the SDK's <c>1h0m0s0ms</c> form.
/// </summary>
internal static class ActorConfig
{
    public static string For(params string[] actorTypes) => $$"""
        {
          "entities": [ {{string.Join(", ", actorTypes.Select(t => $"\"{t}\""))}} ],
          "actorIdleTimeout": "1h0m0s0ms",
          "actorScanInterval": "0h0m30s0ms",
          "drainOngoingCallTimeout": "0h0m30s0ms",
          "drainRebalancedActors": true,
          "reentrancy": { "enabled": false }
        }
        """;
}
