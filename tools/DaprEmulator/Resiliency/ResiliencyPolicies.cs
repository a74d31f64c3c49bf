using System.Collections.Concurrent;
using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>
/// The Resiliency resources' policies (timeouts, retries, circuit breakers) for app and component targets
/// (docs: operations/resiliency/resiliency-overview and policies/*). A resource applies to the sidecars of the apps in
/// its scopes (all when unscoped). Circuit breakers keep their state per calling sidecar, as each daprd keeps its own;
/// an app target has one breaker per endpoint (<c>app:method</c>) in an LRU of <c>circuitBreakerCacheSize</c>
/// (dapr/dapr pkg/resiliency/resiliency.go, <c>EndpointPolicy</c>), components one per component.
/// </summary>
public sealed class ResiliencyPolicies
{
    private readonly List<(ScopedSpec Source, ResiliencySpecModel Spec)> _specs = [];
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string? AppId, string Kind, string Name), ResiliencyPolicy> _resolved = new();

    public ResiliencyPolicies(ResourceSet resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        Resources = resources;
        foreach (var source in resources.Resiliencies)
        {
            var spec = YamlDocuments.Bind<ResiliencySpecModel>(source.Spec, source.SourceFile);
            _specs.Add((source, spec));
            Validate(source, spec);
        }
    }

    public ResourceSet Resources { get; }

    /// <summary>
    /// Policies for service invocation of <paramref name="targetAppId"/> from <paramref name="callerAppId"/>'s sidecar;
    /// pick the breaker of the called endpoint with <see cref="ResiliencyPolicy.ForEndpoint"/>.
    /// </summary>
    public ResiliencyPolicy ForApp(string callerAppId, string targetAppId) =>
        Resolve(callerAppId, "app", targetAppId, static (s, n) => s.Targets?.Apps?.GetValueOrDefault(n));

    /// <summary>Policies for a call of <paramref name="method"/> on <paramref name="targetAppId"/>, with that endpoint's breaker.</summary>
    public ResiliencyPolicy ForAppEndpoint(string callerAppId, string targetAppId, string method) =>
        ForApp(callerAppId, targetAppId).ForEndpoint(targetAppId + ":" + method);

    /// <summary>
    /// Policies for a component: <paramref name="outbound"/> for calls into it (publish, state operations), inbound for
    /// what it delivers into the app (pub/sub messages).
    /// </summary>
    public ResiliencyPolicy ForComponent(string name, bool outbound, string? appId = null) =>
        outbound
            ? Resolve(appId, "component-outbound", name, static (s, n) => s.Targets?.Components?.GetValueOrDefault(n)?.Outbound)
            : Resolve(appId, "component-inbound", name, static (s, n) => s.Targets?.Components?.GetValueOrDefault(n)?.Inbound);

    /// <summary>
    /// Whether a Resiliency resource names <paramref name="actorType"/> under <c>targets.actors</c> (daprd's
    /// <c>PolicyDefined</c>): such a type's calls get its own policies instead of the built-in not-found retries.
    /// </summary>
    public bool DefinesActor(string actorType, string? appId = null) =>
        _specs.Any(s => (appId is null || s.Source.IsVisibleTo(appId)) && s.Spec.Targets?.Actors?.ContainsKey(actorType) == true);

    /// <summary>Policies for calls to actors of <paramref name="actorType"/>.</summary>
    public ResiliencyPolicy ForActor(string actorType, string? appId = null) =>
        Resolve(appId, "actor", actorType, static (s, n) => s.Targets?.Actors?.GetValueOrDefault(n));

    /// <summary>The policy for a target, resolved once (policies and breakers do not change after loading) so hot paths do not allocate.</summary>
    private ResiliencyPolicy Resolve(string? appId, string kind, string name, Func<ResiliencySpecModel, string, TargetPolicyModel?> select)
    {
        if (_specs.Count == 0)
        {
            return ResiliencyPolicy.None;
        }

        var slot = (appId, kind, name);
        return _resolved.TryGetValue(slot, out var policy)
            ? policy
            : _resolved.GetOrAdd(slot, static (s, arg) => arg.Self.ResolveNow(s.AppId, s.Kind, s.Name, arg.Select), (Self: this, Select: select));
    }

    private ResiliencyPolicy ResolveNow(string? appId, string kind, string name, Func<ResiliencySpecModel, string, TargetPolicyModel?> select)
    {
        foreach (var (source, spec) in _specs)
        {
            if (appId is not null && !source.IsVisibleTo(appId))
            {
                continue;
            }

            if (select(spec, name) is not { } target)
            {
                continue;
            }

            var where = $"{source.SourceFile}: {kind} target '{name}'";
            var timeout = target.Timeout is { } t ? TimeoutOf(spec, t, where) : (TimeSpan?)null;
            var retry = target.Retry is { } r ? RetryOf(spec, r, where) : null;
            CircuitBreaker? breaker = null;
            EndpointBreakers? endpoints = null;
            if (target.CircuitBreaker is { } cb)
            {
                var cbSpec = BreakerOf(spec, cb, where);
                if (kind == "app")
                {
                    endpoints = new EndpointBreakers(cbSpec, target.CircuitBreakerCacheSize ?? EndpointBreakers.DefaultCapacity);
                }
                else
                {
                    breaker = _breakers.GetOrAdd($"{appId}|{kind}|{name}|{source.Name}", _ => new CircuitBreaker(cbSpec));
                }
            }

            return new ResiliencyPolicy($"{kind} {name}", timeout, retry, breaker, endpoints);
        }

        return ResiliencyPolicy.None;
    }

    private static void Validate(ScopedSpec source, ResiliencySpecModel spec)
    {
        try
        {
            foreach (var (name, _) in spec.Policies?.Timeouts ?? [])
            {
                TimeoutOf(spec, name, source.SourceFile);
            }

            foreach (var (name, _) in spec.Policies?.Retries ?? [])
            {
                RetryOf(spec, name, source.SourceFile);
            }

            foreach (var (name, _) in spec.Policies?.CircuitBreakers ?? [])
            {
                BreakerOf(spec, name, source.SourceFile);
            }
        }
        catch (FormatException ex)
        {
            throw new EmulatorConfigurationException($"{source.SourceFile}: {ex.Message}", ex);
        }
    }

    private static TimeSpan TimeoutOf(ResiliencySpecModel spec, string name, string where) =>
        spec.Policies?.Timeouts?.GetValueOrDefault(name) is { } value
            ? GoDuration.Parse(value, $"{where} timeout '{name}'")
            : GoDuration.Parse(name, $"{where}: timeout policy '{name}' is not defined and");

    private static RetrySpec RetryOf(ResiliencySpecModel spec, string name, string where)
    {
        var model = spec.Policies?.Retries?.GetValueOrDefault(name)
                    ?? throw new EmulatorConfigurationException($"{where}: retry policy '{name}' is not defined.");
        var policy = model.Policy ?? "constant";
        if (policy is not ("constant" or "exponential"))
        {
            throw new FormatException($"retry '{name}': policy '{policy}' must be constant or exponential.");
        }

        TimeSpan Dur(string? v, TimeSpan fallback, string field) => v is null ? fallback : GoDuration.Parse(v, $"retry '{name}' {field}");
        return new RetrySpec(
            name,
            policy == "exponential",
            Dur(model.Duration, RetrySpec.DefaultDuration, "duration"),
            Dur(model.InitialInterval, TimeSpan.FromMilliseconds(500), "initialInterval"),
            Dur(model.MaxInterval, TimeSpan.FromSeconds(60), "maxInterval"),
            model.MaxRetries ?? -1,
            StatusCodeSet.Parse(model.Matching?.HttpStatusCodes, StatusCodeSet.HttpMin, StatusCodeSet.HttpMax),
            StatusCodeSet.Parse(model.Matching?.GrpcStatusCodes, StatusCodeSet.GrpcMin, StatusCodeSet.GrpcMax));
    }

    private static CircuitBreakerSpec BreakerOf(ResiliencySpecModel spec, string name, string where)
    {
        var model = spec.Policies?.CircuitBreakers?.GetValueOrDefault(name)
                    ?? throw new EmulatorConfigurationException($"{where}: circuit breaker policy '{name}' is not defined.");
        var (op, threshold) = CircuitBreakerSpec.ParseTrip(model.Trip, $"circuit breaker '{name}'");
        return new CircuitBreakerSpec(
            name,
            Math.Max(1, model.MaxRequests ?? 1),
            model.Interval is null ? TimeSpan.Zero : GoDuration.Parse(model.Interval, $"circuit breaker '{name}' interval"),
            model.Timeout is null ? TimeSpan.FromSeconds(60) : GoDuration.Parse(model.Timeout, $"circuit breaker '{name}' timeout"),
            op,
            threshold);
    }
}
