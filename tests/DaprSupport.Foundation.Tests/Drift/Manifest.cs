namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>One YAML document of a resource folder: the file it came from (repo-relative) and its tree.</summary>
public sealed record Manifest(string File, object? Root)
{
    public string? Kind => YamlTree.Text(Root, "kind");

    public string? Name => YamlTree.Text(Root, "metadata", "name");

    public string? Namespace => YamlTree.Text(Root, "metadata", "namespace");

    public string? Text(params string[] path) => YamlTree.Text(Root, path);

    public IReadOnlyDictionary<string, object?> Map(params string[] path) => YamlTree.Map(Root, path);

    public IReadOnlyList<object?> List(params string[] path) => YamlTree.List(Root, path);

    public override string ToString() => $"{Kind} '{Name}' ({File})";
}
