using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// YAML as plain trees (mappings as <see cref="Dictionary{TKey,TValue}"/>, sequences as lists, scalars as strings),
/// with path look-ups and a structural diff that names every differing path.
/// </summary>
public static class YamlTree
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>Every document of a (possibly multi-document) YAML text.</summary>
    public static IReadOnlyList<object?> ParseAll(string yaml)
    {
        var documents = new List<object?>();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(Deserializer.Deserialize<object?>(parser));
        }

        return documents;
    }

    /// <summary>The node at a path of mapping keys (or sequence indexes), or null when any step is missing.</summary>
    public static object? At(object? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node switch
            {
                IDictionary<object, object?> map => map.TryGetValue(step, out var next) ? next : null,
                IList<object?> list when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count => list[i],
                _ => null,
            };
        }

        return node;
    }

    public static string? Text(object? node, params string[] path) => At(node, path) as string;

    public static IReadOnlyDictionary<string, object?> Map(object? node, params string[] path) =>
        At(node, path) is IDictionary<object, object?> map
            ? map.ToDictionary(kv => (string)kv.Key, kv => kv.Value, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);

    public static IReadOnlyList<object?> List(object? node, params string[] path) =>
        At(node, path) is IList<object?> list ? [.. list] : [];

    /// <summary>Every path where the two trees differ, as "path: left vs right".</summary>
    public static IEnumerable<string> Diff(object? left, object? right, string path = "")
    {
        switch (left, right)
        {
            case (IDictionary<object, object?> l, IDictionary<object, object?> r):
                foreach (var key in l.Keys.Union(r.Keys).Select(k => (string)k).Order(StringComparer.Ordinal))
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (!l.ContainsKey(key))
                    {
                        yield return $"{child}: missing vs {Show(r[key])}";
                    }
                    else if (!r.ContainsKey(key))
                    {
                        yield return $"{child}: {Show(l[key])} vs missing";
                    }
                    else
                    {
                        foreach (var d in Diff(l[key], r[key], child))
                        {
                            yield return d;
                        }
                    }
                }

                break;
            case (IList<object?> l, IList<object?> r):
                for (var i = 0; i < Math.Max(l.Count, r.Count); i++)
                {
                    var child = $"{path}[{i}]";
                    if (i >= l.Count || i >= r.Count)
                    {
                        yield return $"{child}: {(i < l.Count ? Show(l[i]) : "missing")} vs {(i < r.Count ? Show(r[i]) : "missing")}";
                    }
                    else
                    {
                        foreach (var d in Diff(l[i], r[i], child))
                        {
                            yield return d;
                        }
                    }
                }

                break;
            default:
                if (!Equals(left, right))
                {
                    yield return $"{path}: {Show(left)} vs {Show(right)}";
                }

                break;
        }
    }

    private static string Show(object? node) => node switch
    {
        null => "null",
        string s => $"'{s}'",
        IDictionary<object, object?> => "{...}",
        IList<object?> => "[...]",
        _ => node.ToString() ?? string.Empty,
    };
}
