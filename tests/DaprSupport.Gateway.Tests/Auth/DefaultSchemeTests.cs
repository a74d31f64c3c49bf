using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>
/// The JWT scheme is the only one registered, and ASP.NET Core would make a lone scheme the default: the
/// authentication middleware would then validate every request's token before its endpoint did, and keep the
/// principal (claims and the parsed token) in <c>HttpContext.User</c> for the request's life, which for a WebSocket
/// is the connection's. No scheme is a default: endpoints authenticate when they ask.
/// </summary>
public sealed class DefaultSchemeTests(InMemoryGatewayFactory factory) : IClassFixture<InMemoryGatewayFactory>
{
    [Fact]
    public async Task No_scheme_authenticates_or_challenges_a_request_by_default()
    {
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        Assert.Single(await schemes.GetAllSchemesAsync());
        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.Null(await schemes.GetDefaultChallengeSchemeAsync());
    }
}
