using System.Text.Json;
using System.Text.RegularExpressions;
using DaprSupport.Contracts;

namespace DaprSupport.Configuration.Documents;

/// <summary>Reading a configuration document from JSON: typed, and every failure named by a JSON pointer.</summary>
public static partial class ConfigDocuments
{
    /// <summary>
    /// The document, or the errors (a parse error at its pointer, else every field
    /// <see cref="TenantConfigRules"/> refuses).
    /// </summary>
    public static (TenantConfigDocument? Document, IReadOnlyList<ConfigError> Errors) Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, [new ConfigError("/", "The configuration is a JSON object.")]);
        }

        TenantConfigDocument? document;
        try
        {
            document = json.Deserialize<TenantConfigDocument>(JsonDefaults.Options);
        }
        catch (JsonException e)
        {
            return (null, [new ConfigError(Pointer(e.Path), "Wrong type: " + FirstSentence(e.Message))]);
        }

        if (document is null)
        {
            return (null, [new ConfigError("/", "The configuration is a JSON object.")]);
        }

        var errors = TenantConfigRules.Validate(document);
        return errors.Count == 0 ? (document, errors) : (null, errors);
    }

    /// <summary>
    /// The document as stored: serialized with every default spelled out, so readers see the same values.
    /// </summary>
    public static JsonElement ToJson(TenantConfigDocument document) =>
        JsonSerializer.SerializeToElement(document, JsonDefaults.Options);

    /// <summary>A System.Text.Json path ($.skillGroups[0].name) as a JSON pointer (/skillGroups/0/name).</summary>
    public static string Pointer(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "/";
        }

        var pointer = PathPart().Replace(path.TrimStart('$'), m =>
            "/" + TenantConfigRules.Escape(
                m.Groups["name"].Success ? m.Groups["name"].Value
                : m.Groups["quoted"].Success ? m.Groups["quoted"].Value
                : m.Groups["index"].Value));
        return pointer.Length == 0 ? "/" : pointer;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathPart();
}
