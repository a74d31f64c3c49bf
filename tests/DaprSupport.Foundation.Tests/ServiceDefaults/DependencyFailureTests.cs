using System.Net;
using Dapr.Actors;
using DaprSupport.Foundation.Tests.Infrastructure;
using DaprSupport.ServiceDefaults;
using DaprSupport.Sessions.Actors;
using DaprSupport.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Foundation.Tests.ServiceDefaults;

/// <summary>
/// A request that fails because the sidecar (or what is behind it) did not answer is answered 500 problem
/// <c>unavailable</c> with <c>Retry-After</c> and logged as one warning line, not as an unhandled exception; a bug of
/// the service's own still is one.
/// </summary>
public sealed class DependencyFailureTests(NoSidecarFactory<SessionActor> factory) : IClassFixture<NoSidecarFactory<SessionActor>>
{
    public static TheoryData<Exception, bool, bool> Failures() => new()
    {
        { new HttpRequestException("Connection refused"), false, true },
        { new TaskCanceledException("timeout", new TimeoutException()), false, true },
        { new TaskCanceledException("the caller left"), true, false },
        { new InvalidOperationException("wrapped", new RpcException(new Status(StatusCode.Unavailable, "down"))), false, true },
        { new RpcException(new Status(StatusCode.InvalidArgument, "bad")), false, false },
        { new ActorMethodInvocationException("the actor threw", new TimeoutException(), false), false, false },
        { new InvalidOperationException("a bug"), false, false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_a_dependencys_failure_is_described(Exception exception, bool requestAborted, bool described) =>
        Assert.Equal(described, DependencyFailures.Describe(exception, requestAborted) is not null);

    [Fact]
    public async Task A_route_whose_sidecar_does_not_answer_is_500_unavailable_with_retry_after_and_one_warning()
    {
        var logs = new CapturingLoggerProvider(LogLevel.Warning);
        using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var client = app.CreateClient();

        // The session actor is behind the sidecar, and nothing listens where the sidecar should be.
        using var response = await client.GetAsync(new Uri("/v1/tenants/demo/sessions/s-1", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("unavailable", problem.GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var warning = Assert.Single(logs.Entries, e => e.Category.EndsWith(".DependencyFailureHandler", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("/v1/tenants/demo/sessions/s-1 answered 500 unavailable: the sidecar could not be reached", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal));
    }
}
