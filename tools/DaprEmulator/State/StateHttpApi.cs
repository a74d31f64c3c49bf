using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// State management HTTP API (reference/api/state_api), with daprd's routes (POST or PUT for writes), status codes
/// and error bodies: 204 for writes and for a missing key, 200 with the raw JSON value and an <c>ETag</c> header for a
/// read, 409 for an ETag mismatch, 400 for a malformed body or an unknown store, 500 for store failures.
/// </summary>
internal static class StateHttpApi
{
    private const string MetadataQueryPrefix = "metadata.";

    public static WebApplication MapStateHttpApi(this WebApplication web)
    {
        var state = web.MapGroup("/v1.0/state/{storeName}");
        state.MapGet("/{key}", GetAsync);
        state.MapMethods("/{key}", [HttpMethods.Delete], DeleteAsync);
        state.MapMethods("/", [HttpMethods.Post, HttpMethods.Put], SaveAsync);
        state.MapMethods("/bulk", [HttpMethods.Post, HttpMethods.Put], BulkGetAsync);
        state.MapMethods("/transaction", [HttpMethods.Post, HttpMethods.Put], TransactAsync);
        return web;
    }

    private static Task<IResult> GetAsync(string storeName, string key, HttpContext http, EmulatorHost host, Sidecar sidecar) =>
        Handle(host, sidecar, storeName, async ctx =>
        {
            var entry = await ctx.GetAsync(key, http.RequestAborted);
            if (entry is null)
            {
                return Results.NoContent();
            }

            http.Response.Headers.ETag = entry.ETag;
            foreach (var (name, value) in StateRequestMetadata.ResponseHeaders(entry))
            {
                http.Response.Headers[name] = value;
            }

            return Results.Bytes(entry.Value.ToArray(), "application/json");
        });

    private static Task<IResult> DeleteAsync(string storeName, string key, HttpContext http, EmulatorHost host, Sidecar sidecar) =>
        Handle(host, sidecar, storeName, async ctx =>
        {
            // daprd passes If-Match through as the ETag, even when empty.
            string? etag = http.Request.Headers.TryGetValue("If-Match", out var ifMatch) ? ifMatch.ToString() : null;
            var concurrency = StateRequestMetadata.Concurrency(http.Request.Query["concurrency"]);
            await ctx.DeleteAsync(new StateRemoval(key, etag, concurrency), http.RequestAborted);
            return Results.NoContent();
        });

    private static Task<IResult> SaveAsync(string storeName, HttpContext http, EmulatorHost host, Sidecar sidecar) =>
        Handle(host, sidecar, storeName, async ctx =>
        {
            // daprd answers a body that is not a JSON array of items with the bare deserializer message.
            var items = await ReadBodyAsync<List<StateItemJson?>>(http, StateApiException.Malformed) ?? [];
            if (items.Count == 0)
            {
                return Results.NoContent();
            }

            var query = QueryMetadata(http.Request);
            var writes = new List<StateWrite>(items.Count);
            foreach (var item in items)
            {
                if (string.IsNullOrEmpty(item?.Key))
                {
                    throw StateApiException.Malformed("\"key\" is a required field");
                }

                writes.Add(ToWrite(item, query));
            }

            await ctx.SaveAsync(writes, http.RequestAborted);
            return Results.NoContent();
        });

    private static Task<IResult> BulkGetAsync(string storeName, HttpContext http, EmulatorHost host, Sidecar sidecar) =>
        Handle(host, sidecar, storeName, async ctx =>
        {
            var request = await ReadBodyAsync<BulkGetJson>(http, StateApiException.MalformedBody);
            var keys = request?.Keys ?? [];
            var items = await ctx.GetBulkAsync(keys, request?.Parallelism ?? 0, http.RequestAborted);
            return Results.Json(items.Select(ToJson), StateHttpModels.Json);
        });

    private static Task<IResult> TransactAsync(string storeName, HttpContext http, EmulatorHost host, Sidecar sidecar) =>
        Handle(host, sidecar, storeName, async ctx =>
        {
            var request = await ReadBodyAsync<TransactionJson>(http, StateApiException.MalformedBody);
            var operations = request?.Operations ?? [];
            if (operations.Count == 0)
            {
                return Results.NoContent();
            }

            var changes = new List<StateChange>(operations.Count);
            foreach (var op in operations)
            {
                var item = op.Request ?? new StateItemJson(null, null, null, null, null);
                changes.Add(op.Operation switch
                {
                    // Request-level metadata goes to the store as a whole in daprd; per-operation settings (ttlInSeconds) come from each request.
                    "upsert" => ToWrite(item, null),
                    "delete" => new StateRemoval(item.Key ?? string.Empty, item.Etag, StateRequestMetadata.Concurrency(item.Options?.Concurrency)),
                    _ => throw StateApiException.UnsupportedOperation(op.Operation ?? string.Empty),
                });
            }

            await ctx.TransactAsync(changes, http.RequestAborted);
            return Results.NoContent();
        });

    private static async Task<IResult> Handle(EmulatorHost host, Sidecar sidecar, string storeName, Func<StateContext, Task<IResult>> handler)
    {
        try
        {
            return await handler(StateContext.Resolve(host, sidecar, storeName, sidecar.AppId));
        }
        catch (StateApiException e)
        {
            return e.ToHttp();
        }
    }

    private static async Task<T?> ReadBodyAsync<T>(HttpContext http, Func<string, StateApiException> malformed)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, StateHttpModels.Json, http.RequestAborted);
        }
        catch (JsonException e)
        {
            throw malformed(e.Message);
        }
    }

    /// <summary>The item's own metadata, with <c>metadata.*</c> query parameters (or request-level metadata) merged over it.</summary>
    private static StateWrite ToWrite(StateItemJson item, IReadOnlyDictionary<string, string>? extra)
    {
        var metadata = new Dictionary<string, string>(item.Metadata ?? [], StringComparer.Ordinal);
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            metadata[k] = v;
        }

        // The HTTP API stores the raw JSON of "value" (JSON null when it is missing).
        var value = Encoding.UTF8.GetBytes(item.Value?.GetRawText() ?? "null");
        return new StateWrite(item.Key ?? string.Empty, value, item.Etag, StateRequestMetadata.Concurrency(item.Options?.Concurrency), metadata);
    }

    private static Dictionary<string, string> QueryMetadata(HttpRequest request) =>
        request.Query
            .Where(q => q.Key.StartsWith(MetadataQueryPrefix, StringComparison.Ordinal))
            .ToDictionary(q => q.Key[MetadataQueryPrefix.Length..], q => q.Value.ToString(), StringComparer.Ordinal);

    private static BulkGetItemJson ToJson(StateBulkItem item) => item switch
    {
        { Error: { } error } => new BulkGetItemJson(item.Key, null, null, null, error),
        { Entry: { } entry } => new BulkGetItemJson(item.Key, RawJson(entry.Value), entry.ETag, NullIfEmpty(StateRequestMetadata.Of(entry)), null),
        _ => new BulkGetItemJson(item.Key, null, null, null, null),
    };

    /// <summary>The stored bytes as a JSON value; bytes that are not JSON (saved raw over gRPC) become a JSON string.</summary>
    private static JsonElement RawJson(ReadOnlyMemory<byte> value)
    {
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(value.Span);
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(value.Span));
        }
    }

    private static Dictionary<string, string>? NullIfEmpty(Dictionary<string, string> metadata) => metadata.Count == 0 ? null : metadata;
}
