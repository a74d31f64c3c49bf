using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapr.Actors;
using DaprSupport.Configuration.Actors;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Gateway;

namespace DaprSupport.System.Tests.Configuration;

/// <summary>
/// The gateway's configuration routes as an operator and a tenant's admin call them (on the first gateway replica, or
/// the one <paramref name="gateway"/> names), plus direct writes on the actor.
/// </summary>
public sealed class ConfigApi(SystemRun system, Uri? gateway = null) : IDisposable
{
    public const string Origin = "http://127.0.0.1:8080";

    public HttpClient Http { get; } = new() { BaseAddress = gateway ?? system.GatewayBase };

    /// <summary>Opens a new tenant with an API key; returns its id and key.</summary>
    public async Task<(string Tenant, string ApiKey)> NewTenantAsync(string name = "t")
    {
        var tenant = name + "-" + Guid.NewGuid().ToString("N")[..10];
        var key = "key-" + Guid.NewGuid().ToString("N");
        using var response = await PlatformAsync(new PlatformTenantRequest(tenant, "Tenant " + tenant, null, key));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (tenant, key);
    }

    public async Task<HttpResponseMessage> PlatformAsync(PlatformTenantRequest body, string? key = ConfigFixture.PlatformKey, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/platform/tenants", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("X-Platform-Key", key);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> StaffTokenResponseAsync(string tenant, string apiKey, string role, string? userId = null) =>
        await Http.PostAsJsonAsync(new Uri("/v1/auth/token", UriKind.Relative),
            new StaffTokenRequest(tenant, apiKey, userId ?? role + "-" + Guid.NewGuid().ToString("N")[..8], role, null, [], role == Roles.Agent ? 2 : null));

    public async Task<string> StaffTokenAsync(string tenant, string apiKey, string role, string? userId = null)
    {
        using var response = await StaffTokenResponseAsync(tenant, apiKey, role, userId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
    }

    public async Task<HttpResponseMessage> VisitorTokenResponseAsync(string tenant, string origin = Origin, string? visitorId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/auth/visitor", UriKind.Relative))
        {
            Content = JsonContent.Create(new VisitorTokenRequest(tenant, visitorId, "Vera")),
        };
        request.Headers.Add("Origin", origin);
        return await Http.SendAsync(request);
    }

    public async Task<VisitorTokenResponse> VisitorTokenAsync(string tenant)
    {
        using var response = await VisitorTokenResponseAsync(tenant);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<VisitorTokenResponse>())!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, JsonNode? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), global::System.Text.Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The admin's view: the document and its ETag.</summary>
    public async Task<(JsonNode Document, string ETag)> GetConfigAsync(string adminToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/admin/config", adminToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response.Headers.ETag!.Tag);
    }

    /// <summary>Changes the document through the admin API (GET, change, PUT with If-Match); returns the new ETag.</summary>
    public async Task<string> ChangeAsync(string adminToken, Action<JsonNode> change)
    {
        var (document, etag) = await GetConfigAsync(adminToken);
        change(document);
        using var response = await SendAsync(HttpMethod.Put, "/v1/admin/config", adminToken, document, etag);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response.Headers.ETag!.Tag;
    }

    /// <summary>
    /// Writes a change on the tenant's configuration actor directly (through the sessions sidecar), as another gateway
    /// replica would: this gateway learns of it only through the change event or its periodic check.
    /// </summary>
    public async Task<long> ChangeElsewhereAsync(string tenant, Action<JsonNode> change)
    {
        var actor = system.ActorsFor(AppIds.Sessions).CreateActorProxy<ITenantConfigActor>(new ActorId(tenant), ActorTypes.TenantConfig);
        var current = (await actor.GetAsync()).Current!;
        var document = JsonNode.Parse(current.Document.GetRawText())!;
        change(document);
        var result = await actor.WriteAsync(new ConfigWrite(current.Version, JsonDocument.Parse(document.ToJsonString()).RootElement.Clone(), "elsewhere"));
        Assert.Equal(ConfigWriteOutcome.Written, result.Outcome);
        return result.Current!.Version;
    }

    public void Dispose() => Http.Dispose();
}
