using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.LoadGen.Tests;

/// <summary>
/// A stand-in gateway on a free loopback port for the scenarios' own tests: WebSockets on, and the two token routes
/// answering <c>agent</c> and <c>visitor</c> as tokens (the test maps <c>/v1/ws</c> and whatever else it needs).
/// </summary>
internal static class FakeGateway
{
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        app.MapPost("/v1/auth/token", () => new { token = "agent" });
        app.MapPost("/v1/auth/visitor", () => new { token = "visitor", visitorId = "v_" + Guid.NewGuid().ToString("N") });
        return app;
    }
}
