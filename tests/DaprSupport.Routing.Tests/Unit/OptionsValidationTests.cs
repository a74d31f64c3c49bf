using DaprSupport.Agents;
using DaprSupport.Sessions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>Sections <c>Routing</c> and <c>Agents</c> are validated when the host starts, with the offending rule named.</summary>
public sealed class OptionsValidationTests
{
    private static IHost Build(Action<IHostApplicationBuilder> register, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder);
        return builder.Build();
    }

    [Theory]
    [InlineData("Routing:OfferTimeoutSeconds", "0", "every *Seconds setting")]
    [InlineData("Routing:Tenants:acme:Skills:vip:ResolutionSeconds", "-5", "every *Seconds setting")]
    [InlineData("Routing:Tenants:acme:Defaults:QueueWaitSeconds", "0", "every *Seconds setting")]
    [InlineData("Routing:PriorityWeight", "-1", "PriorityWeight")]
    [InlineData("Routing:Tenants:acme:Defaults:ResolutionRate", "1.5", "ResolutionRate")]
    [InlineData("Routing:DefaultSkill", " ", "Routing:DefaultSkill is required")]
    public async Task Routing_settings_no_session_could_be_routed_by_stop_the_start(string key, string value, string rule)
    {
        using var host = Build(b => b.AddRoutingOptions(), new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Agents:PresenceTtlSeconds", "0")]
    [InlineData("Agents:Tenants:acme:PresenceTtlSeconds", "-1")]
    [InlineData("Agents:DefaultCapacity", "101")]
    [InlineData("Agents:MaxCapacity", "0")]
    [InlineData("Agents:MaxCapacity", "101")]
    public async Task Agent_settings_no_agent_could_work_with_stop_the_start(string key, string value)
    {
        using var host = Build(b => b.AddAgentOptions(), new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("PresenceTtlSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overrides_within_the_rules_are_bound_and_start()
    {
        using var host = Build(b => b.AddRoutingOptions().AddAgentOptions(), new()
        {
            ["Routing:Tenants:acme:Skills:vip:OfferTimeoutSeconds"] = "1",
            ["Routing:LoadThreshold"] = "0",
            ["Agents:Tenants:acme:PresenceTtlSeconds"] = "5",
        });

        await host.StartAsync();

        var routing = host.Services.GetRequiredService<IOptions<RoutingOptions>>().Value;
        var agents = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(1), routing.PolicyFor("acme", "vip").OfferTimeout);
        Assert.Equal(0, routing.PolicyFor("acme", "vip").LoadThreshold);
        Assert.Equal(TimeSpan.FromSeconds(5), agents.PresenceTtlFor("acme"));
        await host.StopAsync();
    }
}
