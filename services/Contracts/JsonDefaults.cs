using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DaprSupport.Contracts;

/// <summary>
/// The JSON shape of every HTTP body and event: camelCase, enums as camelCase strings, nulls omitted. The contracts'
/// generated metadata (<see cref="ContractsJson"/>) comes first; any other type is described by reflection.
/// </summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.TypeInfoResolverChain.Insert(0, ContractsJson.Default);
        if (options.TypeInfoResolverChain.Count == 1)
        {
            options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        }

        return options;
    }
}
