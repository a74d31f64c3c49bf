using System.Text.Json;

namespace DaprSupport.DaprEmulator.PubSub.Bulk;

/// <summary>
/// Reads an app's 2xx answer to a bulk delivery as daprd decodes it into contrib's <c>AppBulkResponse</c>
/// (<c>{"statuses":[{"entryId":…,"status":…}]}</c>, keys case-insensitive): a body that is not such JSON (an empty body
/// included) fails the whole delivery; <c>null</c> or no <c>statuses</c> is a response with no statuses.
/// </summary>
internal static class AppBulkResponse
{
    /// <summary>The (entryId, status) pairs in order; throws <see cref="JsonException"/> for an undecodable body.</summary>
    public static IReadOnlyList<(string EntryId, string Status)> Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"json: cannot unmarshal {root.ValueKind} into Go value of type pubsub.AppBulkResponse");
        }

        var statuses = Property(root, "statuses");
        if (statuses is null || statuses.Value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (statuses.Value.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("json: cannot unmarshal statuses into []pubsub.AppBulkResponseEntry");
        }

        var result = new List<(string, string)>();
        foreach (var item in statuses.Value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null)
            {
                result.Add((string.Empty, string.Empty));
                continue;
            }

            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("json: cannot unmarshal a status into pubsub.AppBulkResponseEntry");
            }

            result.Add((Str(item, "entryId"), Str(item, "status")));
        }

        return result;
    }

    private static string Str(JsonElement obj, string name) => Property(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => string.Empty,
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        _ => throw new JsonException($"json: cannot unmarshal {name} into Go struct field of type string"),
    };

    private static JsonElement? Property(JsonElement obj, string name)
    {
        JsonElement? found = null;
        foreach (var property in obj.EnumerateObject())
        {
            // encoding/json matches keys case-insensitively and a later duplicate overwrites an earlier one.
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = property.Value;
            }
        }

        return found;
    }
}
