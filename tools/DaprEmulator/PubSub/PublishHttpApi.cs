using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// Publish HTTP API (reference/api/pubsub_api): <c>POST /v1.0/publish/{pubsubname}/{topic}</c> and
/// <c>POST /v1.0-alpha1/publish/bulk/{pubsubname}/{topic}</c>, with <c>metadata.*</c> query parameters.
/// Success is 204 with no body.
/// </summary>
internal static class PublishHttpApi
{
    public static WebApplication MapPublishHttpApi(this WebApplication web)
    {
        web.MapPost("/v1.0/publish/{**rest}", PublishAsync);
        web.MapPost("/v1.0-alpha1/publish/bulk/{**rest}", BulkPublishAsync);
        return web;
    }

    private static async Task<IResult> PublishAsync(string? rest, HttpRequest request, Sidecar sidecar)
    {
        var (pubsubName, topic) = Split(rest);
        var (component, error) = Publisher.Resolve(sidecar, pubsubName, topic);
        if (error is not null)
        {
            return error.Error.ToHttp(error.HttpStatus);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var trace = TraceOf(request, sidecar);
        PubSubMessage message;
        try
        {
            message = Publisher.Message(sidecar, pubsubName!, topic!, buffer.ToArray(), request.ContentType, MetadataOf(request), trace);
        }
        catch (JsonException ex)
        {
            return new DaprError("ERR_PUBSUB_CLOUD_EVENTS_SER", $"error when marshalling cloud event envelope for topic {topic} pubsub {pubsubName}: {ex.Message}")
                .ToHttp(StatusCodes.Status500InternalServerError);
        }

        var failure = await Publisher.PublishAsync(sidecar, component!, [message], request.HttpContext.RequestAborted);
        return failure is null ? Results.NoContent() : failure.Error.ToHttp(failure.HttpStatus);
    }

    private static async Task<IResult> BulkPublishAsync(string? rest, HttpRequest request, Sidecar sidecar)
    {
        var (pubsubName, topic) = Split(rest);
        var (component, error) = Publisher.Resolve(sidecar, pubsubName, topic);
        if (error is not null)
        {
            return error.Error.ToHttp(error.HttpStatus);
        }

        BulkEntry[] entries;
        try
        {
            entries = await JsonSerializer.DeserializeAsync<BulkEntry[]>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted) ?? [];
        }
        catch (JsonException ex)
        {
            return new DaprError(Publisher.EventsSerialization, $"error when unmarshaling the request for topic {topic} pubsub {pubsubName}: {ex.Message}")
                .ToHttp(StatusCodes.Status400BadRequest);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (string.IsNullOrEmpty(entry.EntryId) || !ids.Add(entry.EntryId))
            {
                return new DaprError(Publisher.EventsSerialization, $"error: entryId is duplicated or not present for entry {entry.EntryId}")
                    .ToHttp(StatusCodes.Status400BadRequest);
            }
        }

        var common = MetadataOf(request);
        var trace = TraceOf(request, sidecar);
        var messages = entries.Select(e =>
        {
            var metadata = new Dictionary<string, string>(common, StringComparer.Ordinal);
            foreach (var (k, v) in e.Metadata ?? [])
            {
                metadata[k] = v;
            }

            var data = e.Event.ValueKind == JsonValueKind.String && !CloudEvents.IsJson(e.ContentType ?? string.Empty) && !CloudEvents.IsCloudEvent(e.ContentType ?? string.Empty)
                ? Encoding.UTF8.GetBytes(e.Event.GetString()!)
                : Encoding.UTF8.GetBytes(e.Event.GetRawText());
            return Publisher.Message(sidecar, pubsubName!, topic!, data, e.ContentType, metadata, trace);
        }).ToList();
        var failure = await Publisher.PublishAsync(sidecar, component!, messages, request.HttpContext.RequestAborted, bulk: true);
        return failure is null
            ? Results.NoContent()
            : Results.Json(new
            {
                failedEntries = entries.Select(e => new { entryId = e.EntryId, error = failure.Error.Message }),
                errorCode = failure.Error.ErrorCode,
            }, statusCode: failure.HttpStatus);
    }

    /// <summary>Splits <c>{pubsubname}/{topic}</c>; the topic may contain slashes, as daprd's wildcard route allows.</summary>
    private static (string? Pubsub, string? Topic) Split(string? rest)
    {
        var text = rest ?? string.Empty;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (text, null) : (text[..slash], text[(slash + 1)..]);
    }

    internal static Dictionary<string, string> MetadataOf(HttpRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            if (key.StartsWith("metadata.", StringComparison.OrdinalIgnoreCase))
            {
                metadata[key["metadata.".Length..]] = value.ToString();
            }
        }

        return metadata;
    }

    private static TraceContext TraceOf(HttpRequest request, Sidecar sidecar) =>
        sidecar.Host.Tracing().StartSpan(request.Headers[TraceContext.TraceParentHeader].ToString(), request.Headers[TraceContext.TraceStateHeader].ToString());

    private sealed record BulkEntry(string? EntryId, JsonElement Event, string? ContentType, Dictionary<string, string>? Metadata);
}
