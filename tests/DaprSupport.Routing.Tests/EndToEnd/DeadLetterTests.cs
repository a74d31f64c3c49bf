using System.Globalization;
using System.Net;
using System.Text.Json;
using DaprSupport.Contracts;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Sessions.DeadLetters;
using DaprSupport.Sessions.Metrics;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Something consumes <see cref="Topics.DeadLetter"/>: an event a subscriber refuses is dead-lettered by the sidecar,
/// and the sessions service counts it, logs it and keeps it in the history store (with a TTL) for replay.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class DeadLetterTests(RoutingSystemFixture fixture)
{
    [Fact]
    public async Task A_refused_event_is_dead_lettered_counted_and_kept_with_a_ttl()
    {
        var poison = "poison-" + Guid.NewGuid().ToString("N");
        var before = SupportMetrics.DeadLetters.WithLabels(Components.PubSub).Value;
        var key = DeadLetter.KeyPrefix + DeadLetter.IdOf(JsonSerializer.SerializeToElement(poison));

        // Not a RoutingWakeUp: the sessions app answers 400 and its sidecar dead-letters the event.
        await fixture.Observer.Client.PublishEventAsync(Components.PubSub, Topics.RoutingWakeUp, poison);
        using var http = SidecarTokens.HttpClient(fixture.SessionsSidecar);
        var url = new Uri($"/v1.0/state/{Components.HistoryStore}/{Uri.EscapeDataString(key)}", UriKind.Relative);
        var (status, body, expires) = await Eventually.Until(async () =>
        {
            using var response = await http.GetAsync(url);
            var ttl = response.Headers.TryGetValues("metadata.ttlExpireTime", out var values) ? values.Single() : null;
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), ttl);
        }, r => r.StatusCode == HttpStatusCode.OK, 15, $"dead letter {key}");

        using var kept = JsonDocument.Parse(body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(poison, kept.RootElement.GetProperty("data").GetString());
        Assert.Equal(Components.PubSub, kept.RootElement.GetProperty("pubsubName").GetString());
        Assert.True(SupportMetrics.DeadLetters.WithLabels(Components.PubSub).Value >= before + 1);
        Assert.NotNull(expires);
        Assert.InRange(DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), DateTimeOffset.UtcNow.AddDays(6), DateTimeOffset.UtcNow.AddDays(8));
    }
}
