namespace DaprSupport.DaprEmulator.Resiliency;

// The spec of a Dapr Resiliency resource (docs: operations/resiliency/resiliency-overview), bound from YAML via JSON.

internal sealed class ResiliencySpecModel
{
    public PoliciesModel? Policies { get; set; }

    public TargetsModel? Targets { get; set; }
}

internal sealed class PoliciesModel
{
    public Dictionary<string, string>? Timeouts { get; set; }

    public Dictionary<string, RetryModel>? Retries { get; set; }

    public Dictionary<string, CircuitBreakerModel>? CircuitBreakers { get; set; }
}

internal sealed class RetryModel
{
    public string? Policy { get; set; }

    public string? Duration { get; set; }

    public string? InitialInterval { get; set; }

    public string? MaxInterval { get; set; }

    public int? MaxRetries { get; set; }

    public RetryMatchingModel? Matching { get; set; }
}

internal sealed class RetryMatchingModel
{
    public string? HttpStatusCodes { get; set; }

    public string? GrpcStatusCodes { get; set; }
}

internal sealed class CircuitBreakerModel
{
    public int? MaxRequests { get; set; }

    public string? Interval { get; set; }

    public string? Timeout { get; set; }

    public string? Trip { get; set; }
}

internal sealed class TargetsModel
{
    public Dictionary<string, TargetPolicyModel>? Apps { get; set; }

    public Dictionary<string, TargetPolicyModel>? Actors { get; set; }

    public Dictionary<string, ComponentTargetModel>? Components { get; set; }
}

internal sealed class ComponentTargetModel
{
    public TargetPolicyModel? Inbound { get; set; }

    public TargetPolicyModel? Outbound { get; set; }
}

internal sealed class TargetPolicyModel
{
    public string? Timeout { get; set; }

    public string? Retry { get; set; }

    public string? CircuitBreaker { get; set; }

    /// <summary>Apps: how many endpoint breakers daprd keeps (LRU, default 100).</summary>
    public int? CircuitBreakerCacheSize { get; set; }

    /// <summary>Actors: <c>type</c> (one breaker per type), <c>id</c> or <c>both</c>.</summary>
    public string? CircuitBreakerScope { get; set; }
}
