using System.Globalization;

namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>The multi-app run file dapr.yaml: its common settings and its apps.</summary>
public sealed record RunFile(Manifest Document, IReadOnlyList<RunFileApp> Apps)
{
    public string? Common(string key) => Document.Text("common", key);

    public IReadOnlyList<string> ResourcesPaths => [.. Document.List("common", "resourcesPaths").OfType<string>()];

    public static RunFile Parse(SourceFile file)
    {
        var document = new Manifest(file.Path, YamlTree.ParseAll(file.Text).Single());
        var apps = document.List("apps").Select(app => new RunFileApp(
            YamlTree.Text(app, "appID") ?? string.Empty,
            int.TryParse(YamlTree.Text(app, "appPort"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null,
            [.. YamlTree.List(app, "command").OfType<string>()]));
        return new RunFile(document, [.. apps]);
    }
}

/// <summary>One app of dapr.yaml.</summary>
public sealed record RunFileApp(string AppId, int? AppPort, IReadOnlyList<string> Command)
{
    /// <summary>The URL after <c>--urls</c> in the app's command, if any.</summary>
    public string? Urls
    {
        get
        {
            var at = Command.ToList().IndexOf("--urls");
            return at >= 0 && at + 1 < Command.Count ? Command[at + 1] : null;
        }
    }
}
