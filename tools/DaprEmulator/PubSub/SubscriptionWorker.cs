using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Metrics;
using DaprSupport.DaprEmulator.Tracing;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// Delivers one subscription's messages into its app as daprd does: the CloudEvent is POSTed to the matching route
/// as <c>application/cloudevents+json</c> (the message bytes as published, or the envelope built for a raw payload)
/// with the event's trace continued in <c>traceparent</c> (<see cref="DeliveryTrace"/>), under the
/// component's inbound resiliency policy. Dropped, unrouted and expired messages, and messages whose retries run
/// out, go to the dead-letter topic when one is set; without one a failure is handed back to the component, which
/// redelivers after its back-off.
/// </summary>
internal sealed class SubscriptionWorker(Sidecar sidecar, SubscriptionDefinition subscription, IPubSubComponent component)
{
    private readonly ILogger _logger = sidecar.Logger;
    private readonly DeadLetterSender _deadLetters = new(sidecar, subscription, component);

    public SubscriptionDefinition Subscription { get; } = subscription;

    public async Task HandleAsync(PubSubMessage message, CancellationToken cancellationToken)
    {
        JsonObject cloudEvent;
        byte[] body;
        try
        {
            if (Subscription.RawPayload)
            {
                cloudEvent = CloudEvents.FromRawPayload(message, Subscription.PubsubName);
                body = JsonSerializer.SerializeToUtf8Bytes(cloudEvent);
            }
            else
            {
                cloudEvent = JsonNode.Parse(message.Data) as JsonObject ?? throw new JsonException("not a JSON object");
                CloudEvents.AddTraceFromMetadata(cloudEvent, message.Metadata);
                body = message.Data;
            }
        }
        catch (JsonException ex)
        {
            _logger.LogError(ex, "error deserializing cloud event in pubsub {Pubsub} and topic {Topic}", Subscription.PubsubName, message.Topic);
            await DeadLetterOrThrowAsync(message, ex, cancellationToken);
            return;
        }

        if (CloudEvents.HasExpired(cloudEvent))
        {
            _logger.LogWarning("dropping expired pub/sub event {Id}", cloudEvent["id"]);
            await _deadLetters.SendAsync([message], cancellationToken);
            return;
        }

        if (Subscription.RouteFor(cloudEvent) is not { } path)
        {
            _logger.LogDebug("no matching route for event {Id} in pubsub {Pubsub} and topic {Topic}", cloudEvent["id"], Subscription.PubsubName, message.Topic);
            await _deadLetters.SendAsync([message], cancellationToken);
            return;
        }

        var trace = DeliveryTrace.Start(cloudEvent, sidecar.Host.Tracing());
        var policy = sidecar.Host.Resiliency.ForComponent(Subscription.PubsubName, outbound: false, sidecar.AppId);
        DeliveryOutcome outcome;
        try
        {
            outcome = await policy.ExecuteAsync(ct => PostAsync(path, message.Topic, body, trace, ct), o => o == DeliveryOutcome.Retry, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "delivery of event {Id} on {Topic} to {App} failed", cloudEvent["id"], message.Topic, sidecar.AppId);
            await DeadLetterOrThrowAsync(message, ex, cancellationToken);
            return;
        }

        switch (outcome)
        {
            case DeliveryOutcome.Drop:
                _logger.LogWarning("DROP status returned from app while processing pub/sub event {Id}", cloudEvent["id"]);
                await _deadLetters.SendAsync([message], cancellationToken);
                break;
            case DeliveryOutcome.Retry:
                await DeadLetterOrThrowAsync(message, new InvalidOperationException($"app {sidecar.AppId} asked to retry event {cloudEvent["id"]}"), cancellationToken);
                break;
        }
    }

    private async Task<DeliveryOutcome> PostAsync(string path, string topic, byte[] body, TraceContext? trace, CancellationToken cancellationToken)
    {
        var app = sidecar.App ?? throw new InvalidOperationException($"app {sidecar.AppId} has no app channel");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path.StartsWith('/') ? path : "/" + path, UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
        request.Headers.TryAddWithoutValidation("pubsubname", Subscription.PubsubName);
        if (trace is not null)
        {
            request.Headers.TryAddWithoutValidation(TraceContext.TraceParentHeader, trace.TraceParent);
            if (trace.TraceState is { Length: > 0 } state)
            {
                request.Headers.TryAddWithoutValidation(TraceContext.TraceStateHeader, state);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await app.Http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            DeliveryMetrics.CountUnreachable(sidecar.Metrics, Subscription.PubsubName, topic);
            throw;
        }

        using var answered = response;
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var outcome = DeliveryOutcomes.From(response.StatusCode, answer);
        DeliveryMetrics.Count(sidecar.Metrics, Subscription.PubsubName, topic, response.StatusCode, outcome);
        if ((int)response.StatusCode == 404)
        {
            _logger.LogError("non-retriable error returned from app while processing pub/sub event: status 404 on {Path}", path);
        }

        return outcome;
    }

    private async Task DeadLetterOrThrowAsync(PubSubMessage message, Exception error, CancellationToken cancellationToken)
    {
        if (!await _deadLetters.SendAsync([message], cancellationToken))
        {
            throw new InvalidOperationException($"pub/sub event on {message.Topic} was not processed by {sidecar.AppId}", error);
        }
    }
}
