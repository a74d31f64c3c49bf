using System.Net.Http.Headers;
using System.Text.Json;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Tracing;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub.Bulk;

/// <summary>
/// Delivers one route's entries of a batch to the app as daprd's HTTP postman does (dapr/dapr
/// pkg/runtime/subscription/postman/http/http.go <c>DeliverBulk</c>) under the component's inbound resiliency policy
/// (pkg/runtime/subscription/bulkresiliency.go): the envelope is POSTed as <c>application/json</c> with the batch
/// metadata as headers; a 2xx answer's <c>statuses</c> decide per entry (SUCCESS and DROP are done, a DROP dead-lettered
/// when a topic is set; RETRY, an empty or unknown status and an entry the answer does not mention are failures); an
/// undecodable 2xx body, a transport error or any other status fail every entry, except 404, which ends every entry as
/// done (dropped, not dead-lettered). A retry sends only the entries still failing.
/// </summary>
internal sealed class BulkDelivery(Sidecar sidecar, SubscriptionDefinition subscription, DeadLetterSender deadLetters)
{
    /// <summary>Delivers the items; returns the error of the last attempt, or null when every entry is done.</summary>
    public async Task<Exception?> DeliverAsync(
        string path, string topic, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<BulkItem> items, BulkBatch batch,
        CancellationToken cancellationToken)
    {
        // daprd's createEnvelopeAndInvokeSubscriber leaves the id empty, so NewBulkSubscribeEnvelope draws a UUID.
        var id = Guid.NewGuid().ToString();
        var pending = items;
        var policy = sidecar.Host.Resiliency.ForComponent(subscription.PubsubName, outbound: false, sidecar.AppId);
        Exception? error;
        try
        {
            var last = await policy.ExecuteAsync(
                async ct =>
                {
                    var attempt = await PostAsync(path, topic, id, metadata, pending, batch, ct);
                    foreach (var (index, entryError) in attempt.Responses)
                    {
                        batch.Set(index, entryError);
                    }

                    pending = [.. pending.Where(p => batch.Errors[p.Index] is not null)];
                    return attempt;
                },
                a => a.Error is not null,
                cancellationToken);
            error = last.Error;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = ex;
        }

        batch.SetUntouched(error);
        if (error is not null)
        {
            sidecar.Logger.LogWarning(error, "bulk delivery on {Topic} to {App} failed", topic, sidecar.AppId);
        }

        return error;
    }

    private async Task<Attempt> PostAsync(
        string path, string topic, string id, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<BulkItem> items, BulkBatch batch,
        CancellationToken cancellationToken)
    {
        var app = sidecar.App ?? throw new InvalidOperationException($"app {sidecar.AppId} has no app channel");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path.StartsWith('/') ? path : "/" + path, UriKind.Relative))
        {
            Content = new ByteArrayContent(BulkEnvelope.Write(id, topic, subscription.PubsubName, metadata, items)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (key, value) in metadata)
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        // A span per entry with a trace; the request carries the last one's context, as daprd's loop leaves it.
        TraceContext? trace = null;
        foreach (var item in items.Where(i => i.CloudEvent is not null))
        {
            trace = DeliveryTrace.Start(item.CloudEvent!, sidecar.Host.Tracing()) ?? trace;
        }

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
        catch (HttpRequestException ex)
        {
            return Attempt.AllFailed(items, new InvalidOperationException($"error from app channel while sending pub/sub event to app: {ex.Message}", ex));
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 200 and <= 299)
            {
                return await ReadStatusesAsync(body, topic, items, batch, cancellationToken);
            }

            if (status == 404)
            {
                sidecar.Logger.LogError("Non-retriable error returned from app while processing bulk pub/sub event. status code returned: {Status}", status);
                return new Attempt([.. items.Select(i => (i.Index, (Exception?)null))], null);
            }

            var message = $"Retriable error returned from app while processing bulk pub/sub event, topic: {topic}. status code returned: {status}";
            sidecar.Logger.LogWarning("{Message}", message);
            return Attempt.AllFailed(items, new InvalidOperationException(message));
        }
    }

    private async Task<Attempt> ReadStatusesAsync(
        byte[] body, string topic, IReadOnlyList<BulkItem> items, BulkBatch batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string EntryId, string Status)> statuses;
        try
        {
            statuses = AppBulkResponse.Parse(body);
        }
        catch (JsonException ex)
        {
            return Attempt.AllFailed(items, new InvalidOperationException($"failed unmarshalling app response for bulk subscribe: {ex.Message}", ex));
        }

        var responses = new List<(int, Exception?)>();
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var anyError = false;
        foreach (var (entryId, status) in statuses)
        {
            if (!batch.Index.TryGetValue(entryId, out var index))
            {
                sidecar.Logger.LogWarning("Invalid entry id received from app while processing pub/sub event {EntryId}", entryId);
                continue;
            }

            answered.Add(entryId);
            switch (status)
            {
                case "SUCCESS":
                    responses.Add((index, null));
                    break;
                case "DROP":
                    sidecar.Logger.LogWarning("DROP status returned from app while processing pub/sub event {EntryId}", entryId);
                    responses.Add((index, null));
                    if (items.FirstOrDefault(i => i.Index == index) is { } dropped)
                    {
                        await DeadLetterDroppedAsync(topic, dropped, cancellationToken);
                    }

                    break;
                case "" or "RETRY":
                    responses.Add((index, new InvalidOperationException($"RETRY required while processing bulk subscribe event for entry id: {entryId}")));
                    anyError = true;
                    break;
                default:
                    responses.Add((index, new InvalidOperationException($"unknown status returned from app while processing bulk subscribe event {entryId}: {status}")));
                    anyError = true;
                    break;
            }
        }

        foreach (var item in items.Where(i => !answered.Contains(i.EntryId)))
        {
            responses.Add((item.Index, new InvalidOperationException($"Response not received, RETRY required while processing bulk subscribe event for entry id: {item.EntryId}")));
            anyError = true;
        }

        return new Attempt(responses, anyError ? new InvalidOperationException("Few message(s) have failed during bulk subscribe operation") : null);
    }

    private async Task DeadLetterDroppedAsync(string topic, BulkItem item, CancellationToken cancellationToken)
    {
        try
        {
            var entry = item.Entry;
            await deadLetters.SendAsync([new PubSubMessage(topic, entry.Event, entry.ContentType, entry.Metadata)], cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            sidecar.Logger.LogError(ex, "error sending message to dead letter, origin topic: {Topic}", topic);
        }
    }

    private sealed record Attempt(IReadOnlyList<(int Index, Exception? Error)> Responses, Exception? Error)
    {
        public static Attempt AllFailed(IReadOnlyList<BulkItem> items, Exception error) => new([.. items.Select(i => (i.Index, (Exception?)error))], error);
    }
}
