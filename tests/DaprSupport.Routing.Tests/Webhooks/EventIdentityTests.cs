using System.Text.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Events;

namespace DaprSupport.Routing.Tests.Webhooks;

/// <summary>An event's identity is its payload's (docs/events.md), the same on every redelivery.</summary>
public sealed class EventIdentityTests
{
    [Theory]
    [InlineData(Topics.Timeline, """{"tenant":"t","sessionId":"s-1","seq":4}""", "support.timeline:s-1:4")]
    [InlineData(Topics.SessionLifecycle, """{"session":{"tenant":"t","sessionId":"s-1","version":7},"change":"queued"}""", "support.sessions:s-1:7")]
    [InlineData(Topics.SessionRead, """{"tenant":"t","sessionId":"s-1","mark":{"by":{"role":"visitor","id":"v"},"seq":3}}""", "support.reads:s-1:visitor:v:3")]
    [InlineData(Topics.AgentPresence, """{"tenant":"t","agentId":"ada","version":2}""", "support.agents:ada:2")]
    public void Public_events_are_identified_by_their_payload(string topic, string json, string id) =>
        Assert.Equal(("t", id), EventIdentity.Of(topic, JsonDocument.Parse(json).RootElement));

    [Theory]
    [InlineData(Topics.RoutingWakeUp, """{"tenant":"t"}""")]
    [InlineData(Topics.Timeline, """{"tenant":"t"}""")]
    [InlineData(Topics.Timeline, """[1]""")]
    public void Internal_topics_and_malformed_payloads_have_none(string topic, string json) =>
        Assert.Null(EventIdentity.Of(topic, JsonDocument.Parse(json).RootElement));
}
