namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>The YAML resources of one folder (components/ or deploy/k8s/), every document of every file.</summary>
public sealed class ResourceSet(string label, IReadOnlyList<Manifest> manifests)
{
    /// <summary>How drift messages name this set, e.g. "components/" or "deploy/k8s/".</summary>
    public string Label { get; } = label;

    public IReadOnlyList<Manifest> Manifests { get; } = manifests;

    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    public IReadOnlyDictionary<string, Manifest> Components =>
        OfKind("Component").Where(m => m.Name is not null).ToDictionary(m => m.Name!, StringComparer.Ordinal);

    public static ResourceSet Parse(string label, IEnumerable<SourceFile> files) =>
        new(label, [.. files.SelectMany(f => YamlTree.ParseAll(f.Text).Where(d => d is not null).Select(d => new Manifest(f.Path, d)))]);
}
