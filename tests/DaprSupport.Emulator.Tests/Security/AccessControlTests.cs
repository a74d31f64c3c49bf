using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.AccessControl;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.Emulator.Tests.Security;

/// <summary>
/// Service invocation access control as daprd v1.17.0 applies it on the callee's side (pkg/acl/acl.go,
/// pkg/config/acl_trie.go, pkg/api/grpc/daprinternal.go callLocalValidateACL; the caller's answer in
/// pkg/api/http/directmessaging.go and pkg/api/grpc/grpc.go).
/// </summary>
public sealed class AccessControlTests
{
    private const string Policies = """
        {
          "mtls": { "enabled": true },
          "accessControl": {
            "defaultAction": "deny",
            "policies": [
              {
                "appId": "caller", "defaultAction": "deny", "trustDomain": "public", "namespace": "default",
                "operations": [
                  { "name": "/v1/tenants/**", "httpVerb": ["GET", "POST"], "action": "allow" },
                  { "name": "admin/*", "httpVerb": ["*"], "action": "allow" },
                  { "name": "/mid/*/x", "httpVerb": ["*"], "action": "allow" },
                  { "name": "/glob/ac*", "httpVerb": ["*"], "action": "allow" },
                  { "name": "/deep/**/leaf", "httpVerb": ["*"], "action": "allow" },
                  { "name": "/lower", "httpVerb": ["post"], "action": "allow" }
                ]
              },
              { "appId": "trusted", "defaultAction": "allow", "trustDomain": "public", "namespace": "default" },
              { "appId": "elsewhere", "defaultAction": "allow", "trustDomain": "public", "namespace": "other" },
              { "appId": "foreign", "defaultAction": "allow", "trustDomain": "cluster.local", "namespace": "default" }
            ]
          }
        }
        """;

    [Theory]
    [InlineData("caller", "POST", "v1/tenants/acme/sessions", true)]
    [InlineData("caller", "GET", "v1/tenants/acme/sessions/s-1/timeline", true)]
    [InlineData("caller", "DELETE", "v1/tenants/acme/sessions", false)] // verb not listed → the app's default
    [InlineData("caller", "GET", "/V1/Tenants/ACME", true)] // HTTP operations match case-insensitively
    [InlineData("caller", "GET", "v1//tenants/./acme/", true)] // duplicate slashes, dot segments, trailing slash
    [InlineData("caller", "GET", "v1/tenants/../secrets", false)] // .. resolved before matching
    [InlineData("caller", "GET", "v1/tenant%73/acme", true)] // escaped unreserved characters decoded
    [InlineData("caller", "PUT", "admin/reindex", true)] // "*" verb; a name without a leading slash gets one
    [InlineData("caller", "PUT", "admin/reindex/now", false)] // a trailing /* matches the last segment only
    [InlineData("caller", "GET", "mid/anything/x", false)] // a /* in the middle never matches (daprd's trie)
    [InlineData("caller", "GET", "glob/acme", true)] // * inside a segment is a glob
    [InlineData("caller", "GET", "glob/zeta", false)]
    [InlineData("caller", "GET", "deep/one/leaf", true)] // /** in the middle matches one segment
    [InlineData("caller", "GET", "deep/one/two/leaf", false)]
    [InlineData("caller", "POST", "lower", false)] // verbs are matched as written: "post" is not POST
    [InlineData("trusted", "DELETE", "anything/at/all", true)] // the app's own default action
    [InlineData("stranger", "GET", "v1/tenants/acme", false)] // no policy for the caller → the global default
    [InlineData("elsewhere", "GET", "v1/tenants/acme", false)] // a policy for another namespace does not apply
    [InlineData("foreign", "GET", "v1/tenants/acme", false)] // nor one for another trust domain
    public void Operations_match_as_daprds_trie_does(string callerAppId, string verb, string method, bool allowed)
    {
        var acl = AccessControlList.Parse(Spec(Policies))!;

        var denial = acl.Denial(callerAppId, "default", verb, method);

        Assert.True(allowed == (denial is null), $"{callerAppId} {verb} {method}: {denial ?? "allowed"}");
    }

    [Fact]
    public void A_denial_names_the_callers_spiffe_id_the_normalized_operation_and_the_verb()
    {
        var acl = AccessControlList.Parse(Spec(Policies))!;

        Assert.Equal(
            "access control policy has denied access to id: spiffe://public/ns/default/caller operation: v1/tenants/acme verb: DELETE",
            acl.Denial("caller", "default", "DELETE", "v1//tenants/acme/"));
    }

    [Fact]
    public void Without_mtls_there_is_no_caller_identity_and_only_the_global_default_applies()
    {
        var spec = Spec(Policies);
        spec.Remove("mtls");
        var acl = AccessControlList.Parse(spec)!;

        Assert.Equal("access control policy has denied access to id:  operation: v1/tenants/acme verb: GET", acl.Denial("caller", "default", "GET", "v1/tenants/acme"));
        Assert.NotNull(acl.Denial("trusted", "default", "GET", "x"));
    }

    [Theory]
    [InlineData("{}", null)]
    [InlineData("""{ "accessControl": {} }""", null)]
    [InlineData("""{ "accessControl": { "trustDomain": "td" } }""", "deny")] // no policies listed → deny
    [InlineData("""{ "accessControl": { "trustDomain": "td", "policies": [] } }""", "allow")] // an empty list → allow
    [InlineData("""{ "accessControl": { "defaultAction": "Allow" } }""", "allow")]
    [InlineData("""{ "accessControl": { "policies": [ { "appId": "a", "trustDomain": "t", "namespace": "n" } ] } }""", "deny")]
    public void The_global_default_action_is_derived_as_daprd_derives_it(string json, string? expected)
    {
        var acl = AccessControlList.Parse(Spec(json));

        Assert.Equal(expected, acl?.DefaultAction);
    }

    [Fact]
    public void A_policy_without_trust_domain_or_namespace_stops_the_sidecar_from_starting()
    {
        var spec = Spec("""{ "accessControl": { "policies": [ { "appId": "a", "namespace": "n" }, { "appId": "b", "trustDomain": "t" } ] } }""");

        var error = Assert.Throws<EmulatorConfigurationException>(() => AccessControlList.Parse(spec));

        Assert.Equal("invalid access control spec. missing trustdomain for apps: [a], missing namespace for apps: [b], missing app name on at least one of the app policies: false", error.Message);
    }

    [Fact]
    public async Task A_denied_invocation_is_403_over_http_and_internal_over_grpc_and_never_reaches_the_app()
    {
        await using var harness = await EmulatorHarness.StartAsync(Configuration);
        var reached = 0;
        await harness.AddAppAsync("target", web =>
        {
            web.MapPost("/v1/tenants/{tenant}/sessions", () => Results.Ok("allowed"));
            web.MapPost("/internal/secret", () =>
            {
                Interlocked.Increment(ref reached);
                return Results.Ok("secret");
            });
        });
        var caller = await harness.AddClientAsync("caller");
        var stranger = await harness.AddClientAsync("stranger");

        using var allowed = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/target/method/v1/tenants/acme/sessions", UriKind.Relative), null);
        using var denied = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/target/method/internal/secret", UriKind.Relative), null);
        using var unknown = await stranger.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/target/method/v1/tenants/acme/sessions", UriKind.Relative), null);
        using var channel = caller.OpenGrpcChannel();
        var overGrpc = await Assert.ThrowsAsync<RpcException>(async () => await new Autogen.Dapr.DaprClient(channel).InvokeServiceAsync(new Autogen.InvokeServiceRequest
        {
            Id = "target",
            Message = new Autogen.InvokeRequest { Method = "internal/secret", HttpExtension = new Autogen.HTTPExtension { Verb = Autogen.HTTPExtension.Types.Verb.Post } },
        }));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var body = JsonDocument.Parse(await denied.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ERR_DIRECT_INVOKE", body.GetProperty("errorCode").GetString());
        Assert.Equal(
            "failed to invoke, id: target, err: rpc error: code = PermissionDenied desc = access control policy has denied access to id: spiffe://public/ns/default/caller operation: internal/secret verb: POST",
            body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(StatusCode.Internal, overGrpc.StatusCode);
        Assert.Contains("code = PermissionDenied", overGrpc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, reached);
    }

    private const string Configuration = """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: acl
        spec:
          mtls:
            enabled: true
          accessControl:
            defaultAction: deny
            trustDomain: public
            policies:
              - appId: caller
                defaultAction: deny
                trustDomain: public
                namespace: default
                operations:
                  - name: /v1/tenants/**
                    httpVerb: ["POST"]
                    action: allow
        """;

    private static JsonObject Spec(string json) => JsonNode.Parse(json)!.AsObject();
}
