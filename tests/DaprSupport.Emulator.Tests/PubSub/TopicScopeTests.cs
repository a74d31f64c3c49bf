using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>
/// Topic scoping as daprd applies it (dapr/dapr pkg/scopes/scopes.go, pkg/runtime/pubsub/adapter.go
/// <c>IsOperationAllowed</c>, pkg/runtime/pubsub/publisher/publisher.go, pkg/api/errors/pubsub.go).
/// </summary>
public sealed class TopicScopeTests
{
    private static TopicScopes For(string appId, params (string Name, string Value)[] metadata) =>
        TopicScopes.For(new ComponentSpec
        {
            Name = "pubsub",
            Type = "pubsub.in-memory",
            SourceFile = "test.yaml",
            Metadata = metadata.ToDictionary(m => m.Name, m => m.Value, StringComparer.OrdinalIgnoreCase),
        }, appId);

    [Fact]
    public void Scopes_list_each_apps_topics_and_an_app_not_listed_may_use_any_topic()
    {
        var scopes = ("publishingScopes", "app1=topic1, topic2;app2=topic3;app1=topic4");

        Assert.True(For("app1", scopes).MayPublish("topic1"));
        Assert.True(For("app1", scopes).MayPublish("topic2"));
        Assert.True(For("app1", scopes).MayPublish("topic4"));
        Assert.False(For("app1", scopes).MayPublish("topic3"));
        Assert.True(For("app2", scopes).MayPublish("topic3"));
        Assert.False(For("app2", scopes).MayPublish("topic1"));
        Assert.True(For("app3", scopes).MayPublish("anything"));

        // Publishing scopes say nothing about subscribing.
        Assert.True(For("app1", scopes).MaySubscribe("topic3"));
    }

    [Fact]
    public void An_app_listed_with_no_topics_may_use_none_and_names_match_case_insensitively()
    {
        var scopes = ("SUBSCRIPTIONSCOPES", "app1=;app2=topic1");

        Assert.False(For("app1", scopes).MaySubscribe("topic1"));
        Assert.True(For("app2", scopes).MaySubscribe("topic1"));
        Assert.True(For("app1", scopes).MayPublish("topic1"));
    }

    [Fact]
    public void Allowed_topics_limit_every_app_and_protected_topics_need_a_scope()
    {
        var allowed = ("allowedTopics", "topic1,topic2");
        Assert.True(For("any", allowed).MayPublish("topic1"));
        Assert.False(For("any", allowed).MayPublish("topic9"));
        Assert.False(For("app1", allowed, ("publishingScopes", "app1=topic9")).MayPublish("topic9"));

        var protectedTopic = ("protectedTopics", "secret");
        Assert.False(For("any", protectedTopic).MayPublish("secret"));
        Assert.True(For("any", protectedTopic).MayPublish("open"));
        Assert.True(For("app1", protectedTopic, ("publishingScopes", "app1=secret")).MayPublish("secret"));
        Assert.False(For("app1", protectedTopic, ("publishingScopes", "app1=secret")).MaySubscribe("secret"));
        Assert.True(For("app1", protectedTopic, ("subscriptionScopes", "app1=secret")).MaySubscribe("secret"));
    }

    [Fact]
    public async Task A_publish_outside_the_apps_scope_is_403_ERR_PUBSUB_FORBIDDEN_over_http_and_permission_denied_over_grpc()
    {
        await using var harness = await EmulatorHarness.StartAsync(Component("""
                - name: publishingScopes
                  value: "pub=allowed"
            """));
        var publisher = await harness.AddClientAsync("pub");

        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        using var refused = await publisher.SidecarHttp.PostAsync(new Uri("/v1.0/publish/pubsub/other", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ERR_PUBSUB_FORBIDDEN", error.GetProperty("errorCode").GetString());
        Assert.Equal("topic other is not allowed for app id pub", error.GetProperty("message").GetString());

        var ex = await Assert.ThrowsAsync<Dapr.DaprException>(() => publisher.Client.PublishEventAsync("pubsub", "other", new { a = 1 }));
        var rpc = Assert.IsType<Grpc.Core.RpcException>(ex.InnerException);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, rpc.StatusCode);
        Assert.Equal("topic other is not allowed for app id pub", rpc.Status.Detail);

        await publisher.Client.PublishEventAsync("pubsub", "allowed", new { a = 1 });
    }

    [Fact]
    public async Task A_subscription_outside_the_apps_scope_is_not_started_while_its_allowed_ones_deliver()
    {
        await using var harness = await EmulatorHarness.StartAsync(Component("""
                - name: subscriptionScopes
                  value: "sub=allowed;other=refused"
            """));
        var (_, refused) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "refused");
        var (_, allowed) = await PubSubTestKit.AddSubscriberAsync(harness, "other", "pubsub", "refused");
        var publisher = await harness.AddClientAsync("pub");

        Assert.Empty(harness.Host.PubSub.SubscriptionsOf("sub"));
        await publisher.Client.PublishEventAsync("pubsub", "refused", new { n = 1 });

        Assert.Equal("refused", (await allowed.NextAsync()).Str("topic"));
        await refused.AssertNoMoreAsync();
    }

    [Theory]
    [InlineData("sub=dead", true)]
    [InlineData("sub=", false)]
    public async Task A_dead_letter_is_published_only_where_the_subscribers_publishing_scope_allows_it(string scopes, bool delivered)
    {
        await using var harness = await EmulatorHarness.StartAsync(Component($"""
                - name: publishingScopes
                  value: "{scopes}"
            """));
        await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "orders", _ => Results.Json(new { status = "DROP" }), deadLetterTopic: "dead");
        var (_, dead) = await PubSubTestKit.AddSubscriberAsync(harness, "watcher", "pubsub", "dead");
        var publisher = await harness.AddClientAsync("pub");

        await publisher.Client.PublishEventAsync("pubsub", "orders", new { n = 1 });

        if (delivered)
        {
            Assert.Equal("orders", (await dead.NextAsync()).Str("topic"));
        }
        else
        {
            await dead.AssertNoMoreAsync();
        }
    }

    private static string Component(string metadata) => $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: pubsub.in-memory
          version: v1
          metadata:
        {metadata}
        """;
}
