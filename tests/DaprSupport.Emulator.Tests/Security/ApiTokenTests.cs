using System.Collections.Concurrent;
using System.Net;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.Emulator.Tests.Security;

/// <summary>
/// daprd's two tokens (dapr/dapr v1.17.0): DAPR_API_TOKEN guards the sidecar's APIs (pkg/api/http/middlewares.go,
/// pkg/api/grpc/auth.go); APP_API_TOKEN goes to the app on every app-channel call but not on the health probe
/// (pkg/channel/http/http_channel.go).
/// </summary>
public sealed class ApiTokenTests
{
    [Fact]
    public async Task Http_api_without_or_with_a_wrong_token_is_401_invalid_api_token()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var app = await harness.AddClientAsync("caller");
        using var anonymous = Anonymous(app.Sidecar);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1.0/metadata", UriKind.Relative));
        wrong.Headers.Add(ApiTokens.Header, app.Sidecar.Options.DaprApiToken + "x");

        using var missing = await anonymous.GetAsync(new Uri("/v1.0/metadata", UriKind.Relative));
        using var mismatched = await anonymous.SendAsync(wrong);
        using var presented = await app.SidecarHttp.GetAsync(new Uri("/v1.0/metadata", UriKind.Relative));

        foreach (var refused in new[] { missing, mismatched })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("text/plain; charset=utf-8", refused.Content.Headers.ContentType?.ToString());
            Assert.Equal("invalid api token\n", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, presented.StatusCode);
    }

    [Theory]
    [InlineData("/v1.0/healthz")]
    [InlineData("/v1.0/healthz/")]
    [InlineData("/v1.0/healthz/outbound")]
    public async Task Get_healthz_answers_without_the_token_and_other_verbs_do_not(string path)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var app = await harness.AddClientAsync("caller");
        using var anonymous = Anonymous(app.Sidecar);

        using var get = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        using var post = await anonymous.PostAsync(new Uri(path, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task Grpc_api_without_the_token_is_unauthenticated()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var app = await harness.AddClientAsync("caller");
        using var anonymous = GrpcChannel.ForAddress(app.Sidecar.AppEnvironment["DAPR_GRPC_ENDPOINT"]);
        using var presented = app.OpenGrpcChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new Autogen.Dapr.DaprClient(anonymous).GetMetadataAsync(new Autogen.GetMetadataRequest()));
        var metadata = await new Autogen.Dapr.DaprClient(presented).GetMetadataAsync(new Autogen.GetMetadataRequest());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("Unauthorized", error.Status.Detail);
        Assert.Equal("caller", metadata.Id);
    }

    [Fact]
    public async Task The_http_api_is_not_reachable_around_the_check_through_the_grpc_port()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var app = await harness.AddClientAsync("caller");
        using var h2c = new HttpClient { BaseAddress = new Uri(app.Sidecar.AppEnvironment["DAPR_GRPC_ENDPOINT"]), DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await h2c.GetAsync(new Uri("/v1.0/metadata", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_sidecar_without_a_dapr_api_token_answers_anyone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var sidecar = await harness.Host.AddSidecarAsync(new SidecarOptions("open"));
        using var anonymous = Anonymous(sidecar);

        using var response = await anonymous.GetAsync(new Uri("/v1.0/metadata", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invoked_app_gets_its_own_app_token_and_never_the_callers_api_token()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var seen = new ConcurrentQueue<string>();
        var target = await harness.AddAppAsync("target", web => web.MapPost("/hello", (HttpContext c) =>
        {
            seen.Enqueue(string.Join(",", c.Request.Headers[ApiTokens.Header].ToArray()));
            return Results.Ok();
        }));
        var caller = await harness.AddClientAsync("caller");

        using var overHttp = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/target/method/hello", UriKind.Relative), null);
        using var channel = caller.OpenGrpcChannel();
        await new Autogen.Dapr.DaprClient(channel).InvokeServiceAsync(new Autogen.InvokeServiceRequest
        {
            Id = "target",
            Message = new Autogen.InvokeRequest { Method = "hello", HttpExtension = new Autogen.HTTPExtension { Verb = Autogen.HTTPExtension.Types.Verb.Post } },
        });

        Assert.Equal(HttpStatusCode.OK, overHttp.StatusCode);
        Assert.Equal([target.Sidecar.Options.AppApiToken, target.Sidecar.Options.AppApiToken], seen);
    }

    [Fact]
    public async Task App_channel_calls_carry_the_app_token_and_the_health_probe_does_not()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var seen = new ConcurrentDictionary<string, string>();
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var web = builder.Build();
        web.Use((HttpContext c, RequestDelegate next) =>
        {
            seen.TryAdd(c.Request.Path.Value!, c.Request.Headers[ApiTokens.Header].ToString());
            return next(c);
        });
        web.MapGet("/healthz", () => Results.Ok());
        await web.StartAsync();

        var sidecar = await harness.Host.AddSidecarAsync(new SidecarOptions("probed") { AppPort = port, EnableAppHealthCheck = true, AppHealthCheckPath = "/healthz" }.WithTokens());
        await sidecar.AppReady.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(string.Empty, seen["/healthz"]);
        Assert.Equal(sidecar.Options.AppApiToken, seen["/dapr/config"]);
        Assert.Equal(sidecar.Options.AppApiToken, seen["/dapr/subscribe"]);
    }

    private static HttpClient Anonymous(Sidecar sidecar) => new() { BaseAddress = new Uri(sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"]) };
}
