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
            [.. YamlTree.List(app, "command").OfType<string>()],
            YamlTree.Text(app, "appDirPath") ?? string.Empty));
        return new RunFile(document, [.. apps]);
    }
}

/// <summary>
/// One app of dapr.yaml. An app whose <c>appDirPath</c> is under <c>samples/</c> is <b>external</b>: a service of
/// another team, in any language, that uses only the public API and events. It needs no entry in the Contracts'
/// <c>AppIds</c> and no Kubernetes manifest, and may be named in the local components' scopes only.
/// </summary>
public sealed record RunFileApp(string AppId, int? AppPort, IReadOnlyList<string> Command, string AppDirPath = "")
{
    public const string ExternalAppsDir = "samples/";

    public bool IsExternal => AppDirPath.Replace('\\', '/').TrimStart('.', '/').StartsWith(ExternalAppsDir, StringComparison.Ordinal);

    /// <summary>Started with <c>dotnet</c>, so its listening address is ASP.NET Core's (<c>--urls</c>, <c>ASPNETCORE_URLS</c>).</summary>
    public bool IsDotnet => Command.Count > 0 && Command[0] == "dotnet";

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
