using System.Diagnostics;
using DaprSupport.Foundation.Tests.Drift;

namespace DaprSupport.Foundation.Tests.Kubernetes;

/// <summary>A kustomization rendered the way an operator applies it: <c>kubectl kustomize DIR</c>.</summary>
public static class RenderedManifests
{
    public static async Task<IReadOnlyList<object?>> RenderAsync(string kustomizationDir)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            WorkingDirectory = RepoSnapshot.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(kustomizationDir);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {kustomizationDir} failed: {await stderr}");
        }

        return YamlTree.ParseAll(await stdout);
    }

    public static string? Kind(object? manifest) => YamlTree.At(manifest, "kind") as string;

    public static string? Name(object? manifest) => YamlTree.At(manifest, "metadata", "name") as string;
}
