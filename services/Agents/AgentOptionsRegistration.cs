using DaprSupport.Contracts.Agents;

namespace DaprSupport.Agents;

/// <summary>
/// Binds section <c>Agents</c> and refuses to start with a lease or capacity no agent could work with.
/// </summary>
public static class AgentOptionsRegistration
{
    public static IHostApplicationBuilder AddAgentOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AgentOptions>()
            .Bind(builder.Configuration.GetSection(AgentOptions.Section))
            .Validate(o => o.IsValid(),
                "Agents: PresenceTtlSeconds and DisconnectGraceSeconds (and each tenant's) must be at least 1, "
                + $"MaxCapacity between 1 and {AgentLimits.MaxCapacity} and DefaultCapacity between 0 and MaxCapacity.")
            .ValidateOnStart();
        return builder;
    }
}
