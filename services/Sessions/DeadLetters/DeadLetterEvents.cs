using System.Globalization;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Sessions.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.DeadLetters;

/// <summary>
/// The consumer of <see cref="Topics.DeadLetter"/>: every event a subscriber of any app gave up on (daprd publishes it
/// there after its retries) is counted (<c>support_dead_letters_total</c>), logged, and kept in the history store under
/// <see cref="DeadLetter.KeyPrefix"/> with the configured retention as its TTL, for inspection and replay. The
/// subscription has no dead-letter topic of its own: a dead letter that cannot be kept fails back to the component,
/// whose bounded back-off (<c>backOffMaxRetries</c> on the Kafka components) then moves the partition on.
/// </summary>
public static class DeadLetterEvents
{
    public const string Route = "/events/deadletter";

    public static IEndpointRouteBuilder MapDeadLetterEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Route, OnDeadLetter)
            .WithTopic(new TopicOptions { PubsubName = Components.PubSub, Name = Topics.DeadLetter });
        return routes;
    }

    public static IServiceCollection AddDeadLetterKeeping(
        this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeadLetterOptions>()
            .Bind(configuration.GetSection(DeadLetterOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    private static async Task<Ok> OnDeadLetter(
        JsonElement data,
        HttpRequest request,
        DaprClient dapr,
        IOptions<DeadLetterOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var pubsub = request.Headers["pubsubname"].FirstOrDefault();
        var letter = DeadLetter.Of(data, pubsub, time.GetUtcNow());
        SupportMetrics.DeadLetters.WithLabels(pubsub ?? "unknown").Inc();
        loggers.CreateLogger(typeof(DeadLetterEvents)).LogWarning(
            "Dead letter {Key} from pub/sub {Pubsub} kept for replay: {Data}", letter.Key, pubsub, Truncate(data));
        var ttl = ((long)options.Value.Retention.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await dapr.SaveStateAsync(
            Components.HistoryStore,
            letter.Key,
            letter,
            metadata: new Dictionary<string, string> { ["ttlInSeconds"] = ttl },
            cancellationToken: cancellationToken);
        return TypedResults.Ok();
    }

    private static string Truncate(JsonElement data)
    {
        var text = data.GetRawText();
        return text.Length <= 512 ? text : text[..512] + "…";
    }
}
