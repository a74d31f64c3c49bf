using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// A small client for etcd's v3 JSON gateway (<c>POST /v3/kv/range|put|deleterange|txn</c>, <c>/v3/lease/grant</c>):
/// keys and values travel base64-encoded, int64 fields as strings. Endpoints are tried in order until one answers.
/// </summary>
internal sealed class EtcdClient : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Uri[] _endpoints;

    public EtcdClient(IEnumerable<string> endpoints)
    {
        _endpoints = [.. endpoints.Select(e => e.Trim()).Where(e => e.Length > 0).Select(ToUri)];
        if (_endpoints.Length == 0)
        {
            throw new ArgumentException("endpoints required");
        }
    }

    /// <summary>The key-value for the key, or null when absent.</summary>
    public async Task<EtcdKeyValue?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var response = await PostAsync("/v3/kv/range", new JsonObject { ["key"] = Encode(key) }, cancellationToken);
        return response["kvs"] is JsonArray { Count: > 0 } kvs ? ToKeyValue(kvs[0]!) : null;
    }

    /// <summary>Grants a lease of the given seconds and returns its id.</summary>
    public async Task<long> GrantLeaseAsync(long ttlSeconds, CancellationToken cancellationToken)
    {
        var response = await PostAsync("/v3/lease/grant", new JsonObject { ["TTL"] = ttlSeconds.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
        return Int64(response["ID"]);
    }

    /// <summary>
    /// One etcd transaction: when every comparison holds, applies every operation atomically and returns true;
    /// otherwise applies nothing and returns false.
    /// </summary>
    public async Task<bool> TxnAsync(IReadOnlyList<EtcdCompare> compares, IReadOnlyList<EtcdOp> success, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["compare"] = new JsonArray([.. compares.Select(ToJson)]),
            ["success"] = new JsonArray([.. success.Select(ToJson)]),
        };
        var response = await PostAsync("/v3/kv/txn", body, cancellationToken);
        return response["succeeded"]?.GetValue<bool>() ?? false;
    }

    public void Dispose() => _http.Dispose();

    private static JsonNode ToJson(EtcdCompare compare) => compare switch
    {
        // A missing key has mod_revision 0, so "MOD == 0" means "absent".
        EtcdCompare.ModRevisionEquals m => new JsonObject
        {
            ["target"] = "MOD",
            ["result"] = "EQUAL",
            ["key"] = Encode(m.Key),
            ["mod_revision"] = m.Revision.ToString(CultureInfo.InvariantCulture),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(compare)),
    };

    private static JsonNode ToJson(EtcdOp op) => op switch
    {
        EtcdOp.Put p => new JsonObject
        {
            ["request_put"] = new JsonObject
            {
                ["key"] = Encode(p.Key),
                ["value"] = Convert.ToBase64String(p.Value.Span),
                ["lease"] = p.Lease.ToString(CultureInfo.InvariantCulture),
            },
        },
        EtcdOp.Delete d => new JsonObject { ["request_delete_range"] = new JsonObject { ["key"] = Encode(d.Key) } },
        EtcdOp.Txn t => new JsonObject
        {
            ["request_txn"] = new JsonObject
            {
                ["compare"] = new JsonArray([.. t.Compares.Select(ToJson)]),
                ["success"] = new JsonArray([.. t.Success.Select(ToJson)]),
            },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private async Task<JsonNode> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        HttpRequestException? last = null;
        foreach (var endpoint in _endpoints)
        {
            try
            {
                using var response = await _http.PostAsJsonAsync(new Uri(endpoint, path), body, cancellationToken);
                var json = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) ?? new JsonObject();
                if (!response.IsSuccessStatusCode)
                {
                    var message = json["message"]?.GetValue<string>() ?? json["error"]?.GetValue<string>() ?? response.ReasonPhrase;
                    throw new InvalidOperationException($"etcd {path} failed ({(int)response.StatusCode}): {message}");
                }

                return json;
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
        }

        throw new InvalidOperationException($"etcd is unreachable at {string.Join(", ", _endpoints.Select(e => e.Authority))}", last);
    }

    private static EtcdKeyValue ToKeyValue(JsonNode kv) => new(
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(kv["key"]!.GetValue<string>())),
        kv["value"] is { } value ? Convert.FromBase64String(value.GetValue<string>()) : [],
        Int64(kv["mod_revision"]),
        Int64(kv["lease"]));

    private static long Int64(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => long.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture),
        JsonValueKind.Number => node.GetValue<long>(),
        _ => 0,
    };

    private static string Encode(string key) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key));

    private static Uri ToUri(string endpoint) =>
        new(endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint);
}

/// <summary>A key as etcd stores it.</summary>
internal sealed record EtcdKeyValue(string Key, byte[] Value, long ModRevision, long Lease);

/// <summary>A comparison guarding an etcd transaction.</summary>
internal abstract record EtcdCompare(string Key)
{
    public sealed record ModRevisionEquals(string Key, long Revision) : EtcdCompare(Key);
}

/// <summary>A write inside an etcd transaction.</summary>
internal abstract record EtcdOp(string Key)
{
    public sealed record Put(string Key, ReadOnlyMemory<byte> Value, long Lease) : EtcdOp(Key);

    public sealed record Delete(string Key) : EtcdOp(Key);

    /// <summary>A nested transaction (etcd's <c>RequestOp.request_txn</c>): its writes apply only when its compares hold.</summary>
    public sealed record Txn(string Key, IReadOnlyList<EtcdCompare> Compares, IReadOnlyList<EtcdOp> Success) : EtcdOp(Key);
}
