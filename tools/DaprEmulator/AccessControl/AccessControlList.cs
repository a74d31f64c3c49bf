using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.DaprEmulator.AccessControl;

/// <summary>
/// Service invocation access control (<c>spec.accessControl</c> of the Configuration), applied by the callee's sidecar
/// to each incoming invocation as daprd applies it (dapr/dapr v1.17.0 pkg/acl/acl.go, callLocalValidateACL in
/// pkg/api/grpc/daprinternal.go). Actor calls and pub/sub deliveries are not invocations and are never checked.
/// <para>
/// The caller is known by its SPIFFE id, which daprd only has with mTLS (Sentry certificates). The emulator has no
/// certificates: with <c>spec.mtls.enabled: true</c> it takes the id daprd would present
/// (<c>spiffe://{trustDomain}/ns/{namespace}/{appId}</c>); without mTLS there is no id and, as in daprd, only the
/// global default action applies, to every call.
/// </para>
/// </summary>
public sealed class AccessControlList
{
    public const string Allow = "allow";
    public const string Deny = "deny";
    public const string DefaultTrustDomain = "public";

    private readonly Dictionary<string, AppPolicy> _policies;

    private AccessControlList(string defaultAction, string trustDomain, Dictionary<string, AppPolicy> policies, bool mtls)
    {
        DefaultAction = defaultAction;
        TrustDomain = trustDomain;
        _policies = policies;
        Mtls = mtls;
    }

    public string DefaultAction { get; }

    /// <summary>The trust domain of this Configuration: the one its apps' SPIFFE ids carry.</summary>
    public string TrustDomain { get; }

    /// <summary>Whether callers have an identity (mTLS on).</summary>
    public bool Mtls { get; }

    /// <summary>Reads <c>spec.accessControl</c>; null when it is absent or empty. Invalid policies fail as daprd fails to start.</summary>
    public static AccessControlList? Parse(JsonObject? configurationSpec)
    {
        var spec = configurationSpec?["accessControl"] as JsonObject;
        var defaultAction = Text(spec, "defaultAction");
        var trustDomain = Text(spec, "trustDomain");
        var policies = spec?["policies"] as JsonArray;
        if (spec is null || (trustDomain.Length == 0 && defaultAction.Length == 0 && (policies is null || policies.Count == 0)))
        {
            return null;
        }

        if (defaultAction.Length == 0)
        {
            // daprd: policies given (or none listed at all) without a default → deny; an explicitly empty list → allow.
            defaultAction = policies is null || policies.Count > 0 ? Deny : Allow;
        }

        var parsed = new Dictionary<string, AppPolicy>(StringComparer.Ordinal);
        var missingTrustDomain = new List<string>();
        var missingNamespace = new List<string>();
        var missingAppId = false;
        foreach (var item in policies ?? [])
        {
            var appId = Text(item, "appId");
            var policyTrustDomain = Text(item, "trustDomain");
            var policyNamespace = Text(item, "namespace");
            missingAppId |= appId.Length == 0;
            if (policyTrustDomain.Length == 0)
            {
                missingTrustDomain.Add(appId);
            }

            if (policyNamespace.Length == 0)
            {
                missingNamespace.Add(appId);
            }

            if (missingAppId || policyTrustDomain.Length == 0 || policyNamespace.Length == 0)
            {
                continue;
            }

            var operations = new OperationTrie();
            foreach (var operation in item?["operations"] as JsonArray ?? [])
            {
                var name = Text(operation, "name");
                name = (name.StartsWith('/') ? name : "/" + name).ToLowerInvariant();
                var action = Text(operation, "action");
                var verbs = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var verb in operation?["httpVerb"] as JsonArray ?? [])
                {
                    verbs[verb?.GetValue<string>() ?? string.Empty] = action;
                }

                operations.Put(name, new OperationPolicy(name, verbs, action));
            }

            parsed[Key(appId, policyNamespace)] = new AppPolicy(appId, Text(item, "defaultAction"), policyTrustDomain, policyNamespace, operations);
        }

        if (missingTrustDomain.Count > 0 || missingNamespace.Count > 0 || missingAppId)
        {
            throw new EmulatorConfigurationException(
                $"invalid access control spec. missing trustdomain for apps: [{string.Join(' ', missingTrustDomain)}], missing namespace for apps: [{string.Join(' ', missingNamespace)}], missing app name on at least one of the app policies: {(missingAppId ? "true" : "false")}");
        }

        var mtls = configurationSpec?["mtls"]?["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && on;
        return new AccessControlList(defaultAction.ToLowerInvariant(), trustDomain.Length == 0 ? DefaultTrustDomain : trustDomain, parsed, mtls);
    }

    /// <summary>
    /// Null when the callee's sidecar lets the call through; otherwise daprd's denial message
    /// (<c>access control policy has denied access to id: … operation: … verb: …</c>).
    /// </summary>
    /// <param name="callerAppId">The calling app.</param>
    /// <param name="callerNamespace">The caller's namespace (self-hosted daprd: <c>NAMESPACE</c>, default <c>default</c>).</param>
    /// <param name="verb">The HTTP verb of the call (the callee's app channel is HTTP).</param>
    /// <param name="method">The method (path) invoked.</param>
    public string? Denial(string callerAppId, string callerNamespace, string verb, string method)
    {
        var caller = Mtls ? new SpiffeId(TrustDomain, callerNamespace, callerAppId) : null;
        var operation = OperationPath.Normalize(method);
        var allowed = string.Equals(Decide(caller, operation, verb.ToUpperInvariant()), Allow, StringComparison.OrdinalIgnoreCase);
        return allowed ? null : $"access control policy has denied access to id: {caller?.Url} operation: {operation} verb: {verb.ToUpperInvariant()}";
    }

    private string Decide(SpiffeId? caller, string operation, string verb)
    {
        if (caller is null || !_policies.TryGetValue(Key(caller.AppId, caller.Namespace), out var policy)
            || policy.TrustDomain != caller.TrustDomain || policy.Namespace != caller.Namespace)
        {
            return DefaultAction;
        }

        var action = policy.DefaultAction.Length > 0 ? policy.DefaultAction : DefaultAction;
        var path = (operation.StartsWith('/') ? operation : "/" + operation).ToLowerInvariant();
        if (policy.Operations.Search(path) is { } matched)
        {
            if (matched.VerbActions.TryGetValue(verb, out var byVerb) || matched.VerbActions.TryGetValue("*", out byVerb))
            {
                action = byVerb;
            }
        }

        return action;
    }

    private static string Key(string appId, string ns) => appId + "||" + ns;

    private static string Text(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;

    private sealed record AppPolicy(string AppId, string DefaultAction, string TrustDomain, string Namespace, OperationTrie Operations);

    private sealed record SpiffeId(string TrustDomain, string Namespace, string AppId)
    {
        public string Url => $"spiffe://{TrustDomain}/ns/{Namespace}/{AppId}";
    }
}
