using System.Text.Json;
using Dapr.AspNetCore;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Sessions.Api;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// Routing takes agent changes in batches: per agent only the newest version goes to the router (an older one would
/// change nothing there), every entry of an agent shares its outcome, and an entry with no agent change is retried.
/// </summary>
public sealed class AgentChangeBatchTests
{
    [Fact]
    public void Each_agent_gives_its_newest_version_whatever_the_entry_order_and_tenants_stay_apart()
    {
        var (changes, malformed) = AgentChangeBatch.Plan(
        [
            Agent("e0", "acme", "ada", 3, AgentPresence.Online),
            Agent("e1", "acme", "ada", 5, AgentPresence.Offline),
            Agent("e2", "acme", "bob", 1, AgentPresence.Online),
            Agent("e3", "acme", "ada", 4, AgentPresence.Away),
            Agent("e4", "beta", "ada", 2, AgentPresence.Online),
            Entry("e5", """{"type":"com.dapr.event.sent","data":"not an agent"}"""),
            Entry("e6", """{"type":"com.dapr.event.sent","data":{"presence":"online"}}"""),
        ]);

        Assert.Equal(
            [("acme", "ada", 5L, AgentPresence.Offline, "e0 e1 e3"), ("acme", "bob", 1L, AgentPresence.Online, "e2"),
             ("beta", "ada", 2L, AgentPresence.Online, "e4")],
            changes.Select(c => (c.Agent.Tenant, c.Agent.AgentId, c.Agent.Version, c.Agent.Presence, string.Join(' ', c.EntryIds))));
        Assert.Equal(["e5", "e6"], malformed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_entry_of_a_failed_change_and_a_malformed_entry_are_retried_and_the_rest_succeed()
    {
        var (changes, malformed) = AgentChangeBatch.Plan(
        [
            Agent("e0", "acme", "ada", 3, AgentPresence.Online),
            Agent("e1", "acme", "bob", 1, AgentPresence.Online),
            Agent("e2", "acme", "ada", 4, AgentPresence.Away),
            Entry("e3", """{"data":{}}"""),
        ]);

        var answer = AgentChangeBatch.Answer(["e0", "e1", "e2", "e3"], malformed, changes.Where(c => c.Agent.AgentId == "ada"));

        Assert.Equal(
            [("e0", "RETRY"), ("e1", "SUCCESS"), ("e2", "RETRY"), ("e3", "RETRY")],
            answer.Statuses.Select(s => (s.EntryId, s.Status.ToString())));
    }

    private static BulkSubscribeMessageEntry<JsonElement> Agent(string id, string tenant, string agent, long version, AgentPresence presence)
    {
        var snapshot = new AgentSnapshot(tenant, agent, presence, ["general"], 3, [], null, null, version);
        var data = JsonSerializer.SerializeToElement(snapshot, JsonDefaults.Options);
        return Entry(id, JsonSerializer.Serialize(new { type = "com.dapr.event.sent", data }));
    }

    private static BulkSubscribeMessageEntry<JsonElement> Entry(string id, string cloudEvent) =>
        new(id, "application/cloudevents+json", [], JsonDocument.Parse(cloudEvent).RootElement);
}
