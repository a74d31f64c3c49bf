using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprSupport.Testing;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

// The SDK marks InvokeMethodAsync obsolete in favour of plain HTTP clients, but services still use it: it must keep working.
#pragma warning disable CS0618

namespace DaprSupport.Emulator.Tests.Invoke;

/// <summary>Follows the Dapr API reference: reference/api/service_invocation_api.</summary>
public sealed class ServiceInvocationTests
{
    private static Task<TestApp> AddEchoAsync(EmulatorHarness harness) => harness.AddAppAsync("echo", web =>
    {
        web.Map("/echo/{**rest}", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var body = await reader.ReadToEndAsync();
            c.Response.Headers["x-echo-verb"] = c.Request.Method;
            c.Response.Headers["x-echo-header"] = c.Request.Headers["x-custom"].ToString();
            return Results.Json(new { path = c.Request.Path.Value, query = c.Request.QueryString.Value, body, caller = c.Request.Headers["dapr-caller-app-id"].ToString() }, statusCode: 201);
        });
        web.MapGet("/missing", () => Results.NotFound("nothing here"));
    });

    [Fact]
    public async Task Sdk_http_invocation_round_trips_through_the_target_app()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await AddEchoAsync(harness);
        var caller = await harness.AddClientAsync("caller");

        var result = await caller.Client.InvokeMethodAsync<object, JsonElement>("echo", "echo/a", new { n = 1 });

        Assert.Equal("/echo/a", result.GetProperty("path").GetString());
        Assert.Equal("""{"n":1}""", result.GetProperty("body").GetString());
        Assert.Equal("caller", result.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task Raw_http_invocation_forwards_verb_query_headers_and_returns_status_and_headers()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await AddEchoAsync(harness);
        var caller = await harness.AddClientAsync("caller");

        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/v1.0/invoke/echo/method/echo/x/y?q=1&r=2", UriKind.Relative))
        {
            Content = new StringContent("payload", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("x-custom", "hello");
        using var response = await caller.SidecarHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("PUT", response.Headers.GetValues("x-echo-verb").Single());
        Assert.Equal("hello", response.Headers.GetValues("x-echo-header").Single());
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/echo/x/y", json.GetProperty("path").GetString());
        Assert.Equal("?q=1&r=2", json.GetProperty("query").GetString());
        Assert.Equal("payload", json.GetProperty("body").GetString());

        using var missing = await caller.SidecarHttp.GetAsync(new Uri("/v1.0/invoke/echo/method/missing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Dapr_app_id_header_invokes_the_app_with_the_request_path()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await AddEchoAsync(harness);
        var caller = await harness.AddClientAsync("caller");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/echo/by-header?z=9", UriKind.Relative)) { Content = new StringContent("b") };
        request.Headers.Add("dapr-app-id", "echo");
        using var response = await caller.SidecarHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/echo/by-header", json.GetProperty("path").GetString());
        Assert.Equal("?z=9", json.GetProperty("query").GetString());
    }

    [Fact]
    public async Task Unknown_app_answers_err_direct_invoke()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var caller = await harness.AddClientAsync("caller");

        using var response = await caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/ghost/method/x", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ERR_DIRECT_INVOKE", json.GetProperty("errorCode").GetString());
        Assert.StartsWith("failed to invoke, id: ghost", json.GetProperty("message").GetString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<Dapr.Client.InvocationException>(() => caller.Client.InvokeMethodAsync("ghost", "x"));
    }

    [Fact]
    public async Task Grpc_invoke_service_calls_the_http_app_with_verb_query_and_data()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await AddEchoAsync(harness);
        var caller = await harness.AddClientAsync("caller");
        using var channel = caller.OpenGrpcChannel();
        var client = new Autogen.Dapr.DaprClient(channel);

        var response = await client.InvokeServiceAsync(new Autogen.InvokeServiceRequest
        {
            Id = "echo",
            Message = new Autogen.InvokeRequest
            {
                Method = "echo/grpc",
                ContentType = "text/plain",
                Data = new Google.Protobuf.WellKnownTypes.Any { Value = ByteString.CopyFromUtf8("over-grpc") },
                HttpExtension = new Autogen.HTTPExtension { Verb = Autogen.HTTPExtension.Types.Verb.Patch, Querystring = "k=v" },
            },
        });

        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        var json = JsonDocument.Parse(response.Data.Value.ToByteArray()).RootElement;
        Assert.Equal("/echo/grpc", json.GetProperty("path").GetString());
        Assert.Equal("?k=v", json.GetProperty("query").GetString());
        Assert.Equal("over-grpc", json.GetProperty("body").GetString());

        var notFound = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await client.InvokeServiceAsync(new Autogen.InvokeServiceRequest
        {
            Id = "echo",
            Message = new Autogen.InvokeRequest { Method = "missing", HttpExtension = new Autogen.HTTPExtension { Verb = Autogen.HTTPExtension.Types.Verb.Get } },
        }));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, notFound.StatusCode);
    }
}
