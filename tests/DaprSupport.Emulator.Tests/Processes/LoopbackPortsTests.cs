using System.Collections.Concurrent;
using System.Globalization;
using DaprSupport.DaprEmulator.Processes;

namespace DaprSupport.Emulator.Tests.Processes;

public sealed class LoopbackPortsTests
{
    private static string ClaimFile(int port) =>
        Path.Combine(Path.GetTempPath(), "daprsupport-ports", port.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public async Task Callers_side_by_side_are_never_handed_the_same_port()
    {
        // 400 hand-outs from a 12,000-port range: drawn at random without claims, some would repeat (about 7 on
        // average), which is how a test project's app once found its port bound by another project's server.
        var handedOut = new ConcurrentBag<int>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                handedOut.Add(LoopbackPorts.Free());
            }
        })));

        Assert.Equal(400, handedOut.Count);
        Assert.Equal(400, handedOut.Distinct().Count());
        Assert.All(handedOut, port => Assert.InRange(port, 20_000, 31_999));
    }

    [Fact]
    public void A_port_claimed_by_another_caller_is_not_claimed_again_until_its_hold_ends()
    {
        var port = LoopbackPorts.Free();

        Assert.True(File.Exists(ClaimFile(port)));
        Assert.False(LoopbackPorts.TryClaim(port));

        File.SetLastWriteTimeUtc(ClaimFile(port), DateTime.UtcNow - LoopbackPorts.Hold - TimeSpan.FromMinutes(1));
        Assert.True(LoopbackPorts.TryClaim(port));
        Assert.True(DateTime.UtcNow - File.GetLastWriteTimeUtc(ClaimFile(port)) < TimeSpan.FromMinutes(1));
        Assert.False(LoopbackPorts.TryClaim(port));
    }
}
