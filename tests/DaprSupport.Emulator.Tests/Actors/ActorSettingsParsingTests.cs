using System.Text.Json;
using DaprSupport.DaprEmulator.Actors;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// How daprd 1.17 reads actor times and settings: ISO 8601 parts are whole numbers (dapr/kit v0.17.0), the Scheduler
/// names a reminder's schedule with Go's <c>time.Duration.String</c>, and <c>/dapr/config</c> takes Go durations, with
/// each <c>entitiesConfig</c> entry starting from daprd's defaults.
/// </summary>
public sealed class ActorSettingsParsingTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(10L, "1µs")]
    [InlineData(15_000L, "1.5ms")]
    [InlineData(1_000_000L, "100ms")]
    [InlineData(15_000_000L, "1.5s")]
    [InlineData(900_000_000L, "1m30s")]
    [InlineData(36_000_000_000L, "1h0m0s")]
    [InlineData(36_005_000_000L, "1h0m0.5s")]
    [InlineData(1_296_000_000_000L, "36h0m0s")]
    public void Go_writes_durations_with_the_largest_units_it_needs(long ticks, string text) =>
        Assert.Equal(text, ActorDurations.GoString(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData("PT30S", true)]
    [InlineData("P1DT2H", true)]
    [InlineData("PT0.5S", false)]
    [InlineData("P1.5D", false)]
    public void Iso_durations_take_whole_numbers_only(string text, bool parsed) =>
        Assert.Equal(parsed, ActorDurations.TryParseIso(text, out _));

    [Fact]
    public void Dapr_config_durations_are_go_durations_and_an_iso_one_fails_the_types_or_leaves_an_entitys_default()
    {
        var idle = TimeSpan.FromMinutes(60);
        using var topLevelIso = JsonDocument.Parse("""{"entities":["A"],"actorIdleTimeout":"PT10S"}""");
        using var drainIso = JsonDocument.Parse("""{"entities":["A"],"drainOngoingCallTimeout":"PT5S"}""");
        using var entityIso = JsonDocument.Parse(
            """{"entities":["A"],"entitiesConfig":[{"entities":["A"],"actorIdleTimeout":"PT10S"}]}""");
        using var go = JsonDocument.Parse("""{"entities":["A"],"actorIdleTimeout":"10s","drainOngoingCallTimeout":"0h0m5s0ms"}""");

        var failed = Assert.Throws<FormatException>(() => ActorHostConfig.Parse("app", topLevelIso.RootElement, idle));
        Assert.Throws<FormatException>(() => ActorHostConfig.Parse("app", drainIso.RootElement, idle));
        var entity = ActorHostConfig.Parse("app", entityIso.RootElement, idle).Types["A"];
        var fromGo = ActorHostConfig.Parse("app", go.RootElement, idle).Types["A"];

        Assert.StartsWith("failed to parse default actor idle timeout", failed.Message, StringComparison.Ordinal);
        Assert.Equal(idle, entity.IdleTimeout);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), (fromGo.IdleTimeout, fromGo.DrainOngoingCallTimeout));
    }

    [Fact]
    public void An_entities_config_entry_starts_from_daprds_defaults_not_the_apps_top_level_settings()
    {
        var idle = TimeSpan.FromMinutes(60);
        using var config = JsonDocument.Parse("""
            {"entities":["A","B"],"actorIdleTimeout":"5m","drainOngoingCallTimeout":"30s",
             "reentrancy":{"enabled":true,"maxStackDepth":8},
             "entitiesConfig":[{"entities":["B"],"drainOngoingCallTimeout":"1s"}]}
            """);

        var types = ActorHostConfig.Parse("app", config.RootElement, idle).Types;

        Assert.Equal((TimeSpan.FromMinutes(5), true, 8), (types["A"].IdleTimeout, types["A"].ReentrancyEnabled, types["A"].MaxStackDepth));
        Assert.Equal((idle, false, 32), (types["B"].IdleTimeout, types["B"].ReentrancyEnabled, types["B"].MaxStackDepth));
        Assert.Equal(TimeSpan.FromSeconds(30), types["B"].DrainOngoingCallTimeout);
    }
}
