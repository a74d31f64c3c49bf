namespace DaprSupport.Foundation.Tests.Drift;

internal static class DriftAssert
{
    public static void None(IEnumerable<string> drifts)
    {
        var found = drifts.ToList();
        Assert.True(found.Count == 0, $"{found.Count} drift(s):\n  - {string.Join("\n  - ", found)}");
    }
}
