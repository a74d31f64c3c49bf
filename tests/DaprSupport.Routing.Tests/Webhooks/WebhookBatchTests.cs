using System.Text.Json;
using Dapr.AspNetCore;
using DaprSupport.Configuration.Documents;
using DaprSupport.Contracts;
using DaprSupport.Webhooks;

namespace DaprSupport.Routing.Tests.Webhooks;

/// <summary>
/// The decisions for one bulk delivery of webhook events: which endpoint actors each entry goes to, in what order per
/// actor, and the per-entry statuses, so that a failure of one entry neither loses nor re-sends the others.
/// </summary>
public sealed class WebhookBatchTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z", null);

    private static readonly TenantConfigDocument Acme = new()
    {
        Webhooks =
        [
            new WebhookEndpoint { Id = "crm", Events = [Topics.Timeline] },
            new WebhookEndpoint { Id = "audit", Events = [Topics.Timeline, Topics.SessionLifecycle] },
            new WebhookEndpoint { Id = "off", Events = [Topics.Timeline], Enabled = false },
        ],
    };

    [Fact]
    public void Each_entry_goes_to_every_enabled_endpoint_for_its_topic_and_others_to_none()
    {
        var plan = Plan(Item("acme", "s-1", 1), Item("unknown", "s-2", 1), Entry("e9", """{"data":"not json data"}"""));

        Assert.Equal([ActorIds.Webhook("acme", "crm"), ActorIds.Webhook("acme", "audit")], plan.Select(d => d.ActorId));
        Assert.All(plan, d => Assert.Equal("e0", d.EntryId));
        Assert.Equal("support.timeline:s-1:1", plan[0].Event.Id);
        Assert.Same(plan[0].Event, plan[1].Event);
    }

    [Fact]
    public void Per_actor_queues_keep_entry_order()
    {
        var plan = Plan(Item("acme", "s-1", 1), Item("acme", "s-1", 2), Item("acme", "s-2", 1));

        var queues = WebhookBatch.ByActor(plan);

        Assert.Equal(2, queues.Count);
        Assert.All(queues, q => Assert.Equal(["e0", "e1", "e2"], q.Select(d => d.EntryId)));
    }

    [Fact]
    public void An_entry_not_queued_on_every_actor_is_retried_and_the_rest_succeed()
    {
        var plan = Plan(Item("acme", "s-1", 1), Item("acme", "s-1", 2), Item("unknown", "s-3", 1));
        var queued = plan.Where(d => d.EntryId == "e0" || d.ActorId == ActorIds.Webhook("acme", "crm")).ToHashSet();

        var answer = WebhookBatch.Answer(["e0", "e1", "e2"], plan, queued);

        Assert.Equal(
            [("e0", "SUCCESS"), ("e1", "RETRY"), ("e2", "SUCCESS")],
            answer.Statuses.Select(s => (s.EntryId, s.Status)));
    }

    [Fact]
    public void The_answer_serializes_as_daprs_statuses()
    {
        var answer = WebhookBatch.Answer(["e0"], [], new HashSet<WebhookDispatch>());

        Assert.Equal("""{"statuses":[{"entryId":"e0","status":"SUCCESS"}]}""", JsonSerializer.Serialize(answer, JsonSerializerOptions.Web));
    }

    private static List<WebhookDispatch> Plan(params BulkSubscribeMessageEntry<JsonElement>[] entries)
    {
        var numbered = entries.Select((e, i) => new BulkSubscribeMessageEntry<JsonElement>(
            e.EntryId ?? $"e{i}", "application/cloudevents+json", [], e.Event));
        return [.. WebhookBatch.Plan(Topics.Timeline, numbered, t => t == "acme" ? Acme : null, Now)];
    }

    private static BulkSubscribeMessageEntry<JsonElement> Item(string tenant, string session, int seq) =>
        Entry(null, $$$"""{"type":"com.dapr.event.sent","data":{"tenant":"{{{tenant}}}","sessionId":"{{{session}}}","seq":{{{seq}}}}}""");

    private static BulkSubscribeMessageEntry<JsonElement> Entry(string? id, string cloudEvent) =>
        new(id!, "application/cloudevents+json", [], JsonDocument.Parse(cloudEvent).RootElement);
}
