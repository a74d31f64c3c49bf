using System.Globalization;
using System.Text.Json;
using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Tracing;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// Publishing as daprd does for both APIs (reference/api/pubsub_api): validation with daprd's error codes, the
/// CloudEvent envelope (unless <c>rawPayload</c>), <c>ttlInSeconds</c> as the envelope's expiration, and the
/// component's outbound resiliency policy.
/// </summary>
internal static class Publisher
{
    public const string EventsSerialization = "ERR_PUBSUB_EVENTS_SER";

    /// <summary>The component to publish to, or the error daprd answers (HTTP status and gRPC code).</summary>
    public static (IPubSubComponent? Component, PublishError? Error) Resolve(Sidecar sidecar, string? pubsubName, string? topic)
    {
        if (string.IsNullOrEmpty(pubsubName))
        {
            return (null, new(new DaprError(DaprError.PubSubEmpty, "pubsub name is empty"), StatusCodes.Status404NotFound, StatusCode.InvalidArgument));
        }

        if (sidecar.Host.Components.FindPubSub(pubsubName, sidecar.AppId) is not { } component)
        {
            return (null, new(new DaprError(DaprError.PubSubNotFound, $"pubsub {pubsubName} not found"), StatusCodes.Status404NotFound, StatusCode.InvalidArgument));
        }

        if (string.IsNullOrEmpty(topic))
        {
            return (null, new(new DaprError(DaprError.TopicEmpty, $"topic is empty in pubsub {pubsubName}"), StatusCodes.Status404NotFound, StatusCode.InvalidArgument));
        }

        return (component, null);
    }

    /// <summary>
    /// Builds the broker message for one event. The publisher's trace goes only into the envelope; the broker metadata
    /// is the request's metadata unchanged (daprd's PublishEvent), so a raw payload carries no trace unless the
    /// publisher put <c>traceparent</c> in its metadata.
    /// </summary>
    public static PubSubMessage Message(Sidecar sidecar, string pubsubName, string topic, byte[] data, string? contentType, IReadOnlyDictionary<string, string> metadata, TraceContext trace)
    {
        var meta = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        if (bool.TryParse(metadata.GetValueOrDefault("rawPayload"), out var raw) && raw)
        {
            return new PubSubMessage(topic, data, string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType, meta);
        }

        int? ttl = int.TryParse(metadata.GetValueOrDefault("ttlInSeconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null;
        var envelope = CloudEvents.Wrap(data, contentType, new CloudEvents.Origin(sidecar.AppId, topic, pubsubName, trace, ttl));
        return new PubSubMessage(topic, JsonSerializer.SerializeToUtf8Bytes(envelope), CloudEvents.ContentType, meta);
    }

    /// <summary>
    /// Publishes under the component's outbound policy; a failure is daprd's ERR_PUBSUB_PUBLISH_MESSAGE. The call
    /// counts once in daprd's egress metrics (the bulk series for <paramref name="bulk"/>), success or not, a topic
    /// outside the publishing scopes included (daprd records after its adapter's Publish, which checks the scopes).
    /// </summary>
    public static async Task<PublishError?> PublishAsync(Sidecar sidecar, IPubSubComponent component, IReadOnlyList<PubSubMessage> messages, CancellationToken cancellationToken, bool bulk = false)
    {
        var failure = await PublishCoreAsync(sidecar, component, messages, cancellationToken);
        if (messages.Count > 0)
        {
            if (bulk)
            {
                sidecar.Metrics.PubsubEgressBulk(component.Name, messages[0].Topic, failure is null);
            }
            else
            {
                sidecar.Metrics.PubsubEgress(component.Name, messages[0].Topic, failure is null);
            }
        }

        return failure;
    }

    private static async Task<PublishError?> PublishCoreAsync(Sidecar sidecar, IPubSubComponent component, IReadOnlyList<PubSubMessage> messages, CancellationToken cancellationToken)
    {
        var scopes = sidecar.Host.Components.FindSpec(component.Name, sidecar.AppId) is { } spec ? TopicScopes.For(spec, sidecar.AppId) : null;
        if (messages.Count > 0 && scopes?.MayPublish(messages[0].Topic) == false)
        {
            return new PublishError(
                new DaprError(DaprError.PubSubForbidden, $"topic {messages[0].Topic} is not allowed for app id {sidecar.AppId}"),
                StatusCodes.Status403Forbidden,
                StatusCode.PermissionDenied);
        }

        var policy = sidecar.Host.Resiliency.ForComponent(component.Name, outbound: true, sidecar.AppId);
        foreach (var message in messages)
        {
            try
            {
                await policy.ExecuteAsync(async ct => { await component.PublishAsync(message, ct); return true; }, null, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return new PublishError(
                    new DaprError(DaprError.PubSubPublishMessage, $"error when publishing to topic {message.Topic} in pubsub {component.Name}: {ex.Message}"),
                    StatusCodes.Status500InternalServerError,
                    StatusCode.Internal);
            }
        }

        return null;
    }
}

/// <summary>An error as daprd reports it on HTTP and on gRPC.</summary>
internal sealed record PublishError(DaprError Error, int HttpStatus, StatusCode GrpcCode);
