using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>
/// What a correctly signed token still has to be (security review L4): one of the three roles, for a tenant that
/// exists; and the Development demo tenant never ships (M7).
/// </summary>
public sealed class CallerChecksTests(InMemoryGatewayFactory factory) : IClassFixture<InMemoryGatewayFactory>
{
    private SupportTokens Tokens => factory.Services.GetRequiredService<SupportTokens>();

    [Theory]
    [InlineData(TestTenants.Acme, "platform")]
    [InlineData("removed-tenant", "supervisor")]
    public async Task A_signed_token_with_an_unknown_role_or_tenant_is_401(string tenant, string role)
    {
        var token = Tokens.Issue(new SupportPrincipal(tenant, "someone", role, null, [], null)).Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/sessions/s-0/timeline", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await factory.CreateClient().SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public void The_development_settings_are_not_published()
    {
        var project = XDocument.Load(Path.Combine(RepoFiles.Root(), "services", "Gateway", "DaprSupport.Gateway.csproj"));

        Assert.Contains(project.Descendants("Content"), c =>
            (string?)c.Attribute("Update") == "appsettings.Development.json" && (string?)c.Attribute("CopyToPublishDirectory") == "Never");
    }
}
