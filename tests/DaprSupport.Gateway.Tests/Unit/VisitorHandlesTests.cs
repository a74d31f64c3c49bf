using System.Security.Cryptography;
using System.Text;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Tests.Unit;

public sealed class VisitorHandlesTests
{
    private static string Expected(string tenant, string visitorId) =>
        "h_" + Convert.ToHexStringLower(SHA256.HashData(
            Encoding.UTF8.GetBytes("daprsupport/visitor-handle\n" + tenant + "\n" + visitorId)).AsSpan(0, 16));

    [Fact]
    public void A_handle_is_the_same_whether_computed_or_remembered_and_after_the_memo_starts_over()
    {
        var visitor = "v_" + Guid.NewGuid().ToString("N");
        var first = VisitorHandles.Of("acme", visitor);
        Assert.Equal(Expected("acme", visitor), first);
        Assert.Equal(first, VisitorHandles.Of("acme", visitor));

        // Another tenant's visitor with the same id has another handle, remembered apart.
        Assert.Equal(Expected("globex", visitor), VisitorHandles.Of("globex", visitor));
        Assert.NotEqual(first, VisitorHandles.Of("globex", visitor));

        for (var i = 0; i <= VisitorHandles.RecentLimit; i++)
        {
            VisitorHandles.Of("acme", "v_fill_" + i);
        }

        Assert.Equal(Expected("acme", visitor), VisitorHandles.Of("acme", visitor));
        Assert.Equal(Expected("acme", "v_fill_7"), VisitorHandles.Of("acme", "v_fill_7"));
    }
}
