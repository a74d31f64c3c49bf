using System.Net;
using System.Net.Http.Json;
using DaprSupport.Auth;
using DaprSupport.Foundation.Tests.Infrastructure;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Auth (app-id auth): subscribes to nothing; its internal API validates input as problem+json.</summary>
public sealed class AuthServiceTests(NoSidecarFactory<AuthService> factory) : ServiceContractTests<AuthService>(factory)
{
    protected override IReadOnlyList<(HttpMethod Method, string Path)> SidecarOnlyRoutes =>
    [(HttpMethod.Get, "/dapr/subscribe"), (HttpMethod.Post, "/internal/tenants/demo/verify-key"), (HttpMethod.Post, "/v1/auth/token"), (HttpMethod.Post, "/v1/auth/visitor")];

    protected override string ExpectedSubscriptions => "[]";

    [Fact]
    public async Task Verify_key_without_a_key_is_a_validation_problem()
    {
        using var response = await Factory.CreateClient().PostAsJsonAsync(new Uri("/internal/tenants/demo/verify-key", UriKind.Relative), new { apiKey = "" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("An API key is required.", problem.GetProperty("errors").GetProperty("apiKey")[0].GetString());
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_with_the_protocol_code()
    {
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await Factory.CreateClient().PostAsync(new Uri("/internal/tenants/demo/verify-key", UriKind.Relative), content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_argument", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_key_answers_without_a_sidecar()
    {
        using var response = await Factory.CreateClient().PostAsJsonAsync(new Uri("/internal/tenants/demo/verify-key", UriKind.Relative), new { apiKey = "demo-key" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Equal("""{ "tenant": "demo", "valid": true }""", await response.Content.ReadAsStringAsync(), "POST /internal/tenants/demo/verify-key");
    }

    [Fact]
    public async Task Auth_serves_the_same_token_route_as_the_gateway()
    {
        using var response = await Factory.CreateClient().PostAsJsonAsync(
            new Uri("/v1/auth/token", UriKind.Relative),
            new { tenant = "demo", apiKey = "demo-key", userId = "agent-1", role = "agent", skills = new[] { "general" }, capacity = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
