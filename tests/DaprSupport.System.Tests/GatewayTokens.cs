using System.Net.Http.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Gateway;

namespace DaprSupport.System.Tests;

/// <summary>Tokens from the gateway's auth endpoints for the demo tenant (its configured key), as clients obtain them.</summary>
public static class GatewayTokens
{
    public const string Tenant = "demo";

    public static async Task<string> StaffTokenAsync(HttpClient http, string userId, string[] skills, int capacity)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync(new Uri("/v1/auth/token", UriKind.Relative), new StaffTokenRequest(
            Tenant, "demo-key", userId, Roles.Agent, "Agent " + userId, skills, capacity));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
    }

    public static async Task<string> VisitorTokenAsync(HttpClient http, string name = "Test visitor")
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/auth/visitor", UriKind.Relative))
        {
            Content = JsonContent.Create(new VisitorTokenRequest(Tenant, null, name)),
        };
        request.Headers.Add("Origin", "http://127.0.0.1:8080");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<VisitorTokenResponse>())!.Token;
    }

    /// <summary>The gateway's WebSocket endpoint of a run.</summary>
    public static Uri Ws(SystemRun system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return new Uri($"ws://{system.GatewayBase.Authority}/v1/ws");
    }
}
