namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>
/// What the drift checks compare, read from the repository: dapr.yaml, components/ and deploy/k8s/base/ (with its
/// kustomization; the overlays only patch it). An optional edit rewrites a file's text before parsing, so tests can prove a drift is caught.
/// </summary>
public sealed record RepoSnapshot(RunFile RunFile, ResourceSet Local, ResourceSet K8s, Manifest Kustomization, IReadOnlyList<string> K8sFiles)
{
    public const string RunFilePath = "dapr.yaml";
    public const string LocalDir = "components";
    public const string K8sDir = "deploy/k8s/base";
    public const string KustomizationFile = "kustomization.yaml";

    public static string Root { get; } = FindRoot();

    public static RepoSnapshot Load(Func<string, string, string>? edit = null)
    {
        SourceFile Read(string relative)
        {
            var text = File.ReadAllText(Path.Combine(Root, relative));
            return new SourceFile(relative, edit is null ? text : edit(relative, text));
        }

        IReadOnlyList<string> YamlUnder(string dir) =>
        [
            .. Directory.EnumerateFiles(Path.Combine(Root, dir), "*.yaml", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal),
        ];

        var kustomizationPath = $"{K8sDir}/{KustomizationFile}";
        // A folder with a kustomization of its own (e.g. the optional monitoring) is applied on its own, not by the
        // base kustomization; its manifests are checked by its own tests.
        var ownKustomizations = YamlUnder(K8sDir)
            .Where(f => f != kustomizationPath && Path.GetFileName(f) == KustomizationFile)
            .Select(f => Path.GetDirectoryName(f)!.Replace('\\', '/') + "/")
            .ToList();
        var k8sFiles = YamlUnder(K8sDir)
            .Where(f => f != kustomizationPath && !ownKustomizations.Any(d => f.StartsWith(d, StringComparison.Ordinal)))
            .ToList();
        return new RepoSnapshot(
            RunFile.Parse(Read(RunFilePath)),
            ResourceSet.Parse($"{LocalDir}/", YamlUnder(LocalDir).Select(Read)),
            ResourceSet.Parse($"{K8sDir}/", k8sFiles.Select(Read)),
            new Manifest(kustomizationPath, YamlTree.ParseAll(Read(kustomizationPath).Text).Single()),
            k8sFiles);
    }

    /// <summary>The deploy/k8s/base Deployments by their <c>dapr.io/app-id</c> annotation.</summary>
    public IReadOnlyList<(string AppId, Manifest Deployment)> DaprDeployments =>
    [
        .. K8s.OfKind("Deployment")
            .Select(d => (AppId: d.Text("spec", "template", "metadata", "annotations", "dapr.io/app-id") ?? string.Empty, Deployment: d)),
    ];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DaprSupport.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No DaprSupport.slnx above {AppContext.BaseDirectory}.");
    }
}
