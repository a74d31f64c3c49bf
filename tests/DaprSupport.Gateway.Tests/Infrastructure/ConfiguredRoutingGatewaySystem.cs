using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Configuration.Actors;
using DaprSupport.Configuration.Cache;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// A gateway system of its own whose sessions service verifies tenant configuration versions, so a test can give
/// acme's skill groups routing parameters (manual claim mode) through the configuration actor. Only the sessions
/// replica holds the key: the gateway keeps serving acme from its settings.
/// </summary>
public sealed class ConfiguredRoutingGatewaySystem : GatewaySystem
{
    private const string KeyId = "gateway-routing-tests";

    protected override void ConfigureSessions(IWebHostBuilder builder) => builder
        .UseSetting("TenantConfig:Signing:CurrentKeyId", KeyId)
        .UseSetting($"TenantConfig:Signing:Keys:{KeyId}", "gateway-routing-tests-config-signing-key-0123456789");

    /// <summary>
    /// Adds skill groups to acme's document (the tests of one class run one at a time, so writes never race); returns
    /// once the sessions cache has them.
    /// </summary>
    public async Task AddSkillGroupsAsync(params JsonObject[] groups)
    {
        {
            var client = SessionsServices.GetRequiredService<TenantConfigClient>();
            var cache = SessionsServices.GetRequiredService<TenantConfigCache>();
            var actor = client.Tenant(TestTenants.Acme);
            var current = (await actor.GetAsync()).Current;
            var document = current is null
                ? new JsonObject { ["tenant"] = new JsonObject { ["displayName"] = "Acme" }, ["skillGroups"] = new JsonArray() }
                : JsonNode.Parse(current.Document.GetRawText())!.AsObject();
            foreach (var group in groups)
            {
                document["skillGroups"]!.AsArray().Add(group);
            }

            var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var expected = (current?.Version ?? 0) + 1;
            void OnChanged(TenantConfigSnapshot s)
            {
                if (s.Signed.Tenant == TestTenants.Acme && s.Version >= expected)
                {
                    applied.TrySetResult();
                }
            }

            cache.Changed += OnChanged;
            try
            {
                var result = await actor.WriteAsync(new ConfigWrite(
                    current?.Version ?? 0, JsonDocument.Parse(document.ToJsonString()).RootElement.Clone(), "tests"));
                Assert.Equal(ConfigWriteOutcome.Written, result.Outcome);
                if (cache.VersionOf(TestTenants.Acme) < result.Current!.Version)
                {
                    await applied.Task.WaitAsync(TimeSpan.FromSeconds(15));
                }
            }
            finally
            {
                cache.Changed -= OnChanged;
            }
        }
    }
}
