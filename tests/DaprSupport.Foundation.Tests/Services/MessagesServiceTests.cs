using System.Net;
using Microsoft.AspNetCore.Hosting;
using DaprSupport.Foundation.Tests.Infrastructure;
using DaprSupport.Messages.History;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Messages (app-id messages): serves history reads (the session owner writes the history store).</summary>
public sealed class MessagesServiceTests(NoSidecarFactory<HistoryQuery> factory) : ServiceContractTests<HistoryQuery>(factory)
{
    protected override IReadOnlyList<(HttpMethod Method, string Path)> SidecarOnlyRoutes =>
    [(HttpMethod.Get, "/dapr/subscribe"), (HttpMethod.Get, "/internal/history/demo/s-1")];

    protected override string ExpectedSubscriptions => "[]";

    [Theory]
    [InlineData("afterSeq=5&upToSeq=1")]
    [InlineData("afterSeq=-1&upToSeq=3")]
    public async Task History_read_with_an_invalid_range_is_a_validation_problem(string query)
    {
        using var response = await Factory.CreateClient().GetAsync(new Uri($"/internal/history/demo/s-1?{query}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("afterSeq", out _), $"No afterSeq error in {problem}");
    }

    /// <summary>
    /// A binding failure is the caller's fault in every environment: 400 problem+json (ServiceDefaults turns off
    /// ASP.NET Core's Development-only throw, which UseExceptionHandler would otherwise answer with 500).
    /// </summary>
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task History_read_with_a_non_numeric_seq_is_a_bad_request_problem(string environment)
    {
        using var host = Factory.WithWebHostBuilder(b => b.UseEnvironment(environment));
        using var response = await host.CreateClient().GetAsync(new Uri("/internal/history/demo/s-1?afterSeq=x&upToSeq=1", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Empty_history_range_answers_without_touching_the_sidecar()
    {
        using var response = await Factory.CreateClient().GetAsync(new Uri("/internal/history/demo/s-1?afterSeq=3&upToSeq=3", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Equal("[]", await response.Content.ReadAsStringAsync(), "GET /internal/history for an empty range");
    }

    [Fact]
    public async Task History_read_without_a_sidecar_fails_as_a_problem_not_a_hang()
    {
        using var response = await Factory.CreateClient().GetAsync(new Uri("/internal/history/demo/s-1?afterSeq=0&upToSeq=2", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
    }
}
