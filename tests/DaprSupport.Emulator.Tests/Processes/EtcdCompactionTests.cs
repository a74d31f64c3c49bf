using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.Processes;

namespace DaprSupport.Emulator.Tests.Processes;

/// <summary>
/// The emulator's etcd compacts its history periodically, as a production etcd must: with etcd's default it kept every
/// revision, and a day of load filled its 2 GiB quota, after which etcd refuses every write.
/// </summary>
public sealed class EtcdCompactionTests
{
    [Fact]
    public async Task Revisions_older_than_the_retention_are_compacted()
    {
        await using var etcd = await EtcdProcess.StartAsync(compactionRetention: "1s");
        using var http = new HttpClient { BaseAddress = new Uri("http://" + etcd.Endpoint) };
        var key = Convert.ToBase64String(Encoding.UTF8.GetBytes("compaction-test"));
        var first = await PutAsync(http, key, "one");
        await PutAsync(http, key, "two");

        // The compactor runs on the retention period: wait for the first revision to be gone (an event, not a sleep).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await CompactedAsync(http, key, first))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }

        using var latest = await http.PostAsJsonAsync("/v3/kv/range", new { key });
        var value = JsonDocument.Parse(await latest.Content.ReadAsStringAsync()).RootElement.GetProperty("kvs")[0].GetProperty("value");
        Assert.Equal("two", Encoding.UTF8.GetString(Convert.FromBase64String(value.GetString()!)));
    }

    private static async Task<long> PutAsync(HttpClient http, string key, string value)
    {
        using var response = await http.PostAsJsonAsync("/v3/kv/put", new { key, value = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) });
        response.EnsureSuccessStatusCode();
        return long.Parse(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("header").GetProperty("revision").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True once a read at <paramref name="revision"/> fails as compacted.</summary>
    private static async Task<bool> CompactedAsync(HttpClient http, string key, long revision)
    {
        using var response = await http.PostAsJsonAsync("/v3/kv/range", new { key, revision });
        var body = await response.Content.ReadAsStringAsync();
        return body.Contains("compacted", StringComparison.Ordinal);
    }
}
