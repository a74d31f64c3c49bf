using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprSupport.Contracts;

/// <summary>
/// The JSON shape of every HTTP body and event: camelCase, enums as camelCase strings, nulls omitted.
/// </summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }
}
