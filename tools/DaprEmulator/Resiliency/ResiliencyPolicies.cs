using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>The Resiliency resources' policies (timeouts, retries, circuit breakers) for app and component targets.</summary>
public sealed class ResiliencyPolicies
{
    public ResiliencyPolicies(ResourceSet resources)
    {
        Resources = resources;
    }

    public ResourceSet Resources { get; }
}
