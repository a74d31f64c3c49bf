using System.Net;
using Microsoft.AspNetCore.Hosting;
using DaprSupport.Foundation.Tests.Infrastructure;
using DaprSupport.Messages.History;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Messages (app-id messages): stores timeline items from the pubsub component; serves history reads.</summary>
public sealed class MessagesServiceTests(NoSidecarFactory<TimelineHistory> factory) : ServiceContractTests<TimelineHistory>(factory)
{
    protected override string ExpectedSubscriptions => """
        [
          { "pubsubName": "pubsub", "topic": "support.timeline", "route": "events/timeline", "deadLetterTopic": "support.deadletter" }
        ]
        """;

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
    /// In Production (the k8s deployment) minimal APIs answer a binding failure with 400, which UseStatusCodePages
    /// turns into problem+json. (In Development ASP.NET Core throws instead and UseExceptionHandler answers 500.)
    /// </summary>
    [Fact]
    public async Task History_read_with_a_non_numeric_seq_is_a_bad_request_problem_in_production()
    {
        using var production = Factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var response = await production.CreateClient().GetAsync(new Uri("/internal/history/demo/s-1?afterSeq=x&upToSeq=1", UriKind.Relative));

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
