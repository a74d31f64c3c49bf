using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace DaprSupport.DaprEmulator.Config;

/// <summary>Reads YAML (one or many documents per file) into JSON nodes, so typed models bind with System.Text.Json.</summary>
public static class YamlDocuments
{
    public static readonly JsonSerializerOptions BindingOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    public static IReadOnlyList<JsonNode?> ReadAll(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new EmulatorConfigurationException($"{path}: invalid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }

        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    public static T Bind<T>(JsonNode? node, string source)
    {
        try
        {
            return node.Deserialize<T>(BindingOptions) ?? throw new EmulatorConfigurationException($"{source}: empty document.");
        }
        catch (JsonException ex)
        {
            throw new EmulatorConfigurationException($"{source}: {ex.Message}", ex);
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? string.Empty, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value;
        if (value is null)
        {
            return null;
        }

        if (scalar.Style is YamlDotNet.Core.ScalarStyle.Plain)
        {
            if (value is "null" or "~" or "")
            {
                return null;
            }

            if (value is "true" or "false")
            {
                return JsonValue.Create(value == "true");
            }

            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            {
                return JsonValue.Create(l);
            }
        }

        return JsonValue.Create(value);
    }
}
