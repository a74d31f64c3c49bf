using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprSupport.DaprEmulator.State;

/// <summary>JSON bodies of the state HTTP API (reference/api/state_api). Field names match case-insensitively, as Go's encoding/json does.</summary>
internal static class StateHttpModels
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>One item of <c>POST /v1.0/state/{store}</c>, and the <c>request</c> of a transaction operation.</summary>
internal sealed record StateItemJson(
    string? Key,
    JsonElement? Value,
    string? Etag,
    StateOptionsJson? Options,
    Dictionary<string, string>? Metadata);

internal sealed record StateOptionsJson(string? Concurrency, string? Consistency);

/// <summary>Body of <c>POST /v1.0/state/{store}/bulk</c>.</summary>
internal sealed record BulkGetJson(List<string>? Keys, int Parallelism, Dictionary<string, string>? Metadata);

/// <summary>One item of the bulk answer; absent keys carry only <c>key</c>.</summary>
internal sealed record BulkGetItemJson(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("etag")] string? Etag,
    [property: JsonPropertyName("metadata")] Dictionary<string, string>? Metadata,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>Body of <c>POST /v1.0/state/{store}/transaction</c>.</summary>
internal sealed record TransactionJson(List<TransactionOperationJson>? Operations, Dictionary<string, string>? Metadata);

internal sealed record TransactionOperationJson(string? Operation, StateItemJson? Request);
