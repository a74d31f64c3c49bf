using System.Diagnostics;
using System.Text.Json;
using DaprSupport.Foundation.Tests.Drift;
using static DaprSupport.Foundation.Tests.Kubernetes.RenderedManifests;

namespace DaprSupport.Foundation.Tests.Kubernetes;

/// <summary>
/// The images `dotnet publish -t:PublishContainer` builds are the ones each overlay runs: same repository (after the registry), the
/// non-root user the pod runs as, the port the app listens on. Read from MSBuild's own evaluation of each project.
/// </summary>
public sealed class ContainerImageTests
{
    [Theory]
    [InlineData(KubernetesManifestTests.Dev)]
    [InlineData(KubernetesManifestTests.Prod)]
    public async Task Every_deployment_runs_the_image_its_service_project_publishes(string overlay)
    {
        var deployments = (await RenderAsync(overlay)).Where(m => Kind(m) == "Deployment").ToList();

        Assert.Equal(3, deployments.Count);
        foreach (var deployment in deployments)
        {
            var app = Name(deployment)!;
            var project = Directory.EnumerateFiles(Path.Combine(RepoSnapshot.Root, "services"), "*.csproj", SearchOption.AllDirectories)
                .Single(p => string.Equals(Path.GetFileName(Path.GetDirectoryName(p)), app, StringComparison.OrdinalIgnoreCase));
            var (properties, ports) = await EvaluateAsync(project);
            var pod = YamlTree.At(deployment, "spec", "template", "spec");
            var container = YamlTree.At(pod, "containers", "0");

            var image = (string)YamlTree.At(container, "image")!;
            // The overlay may put a registry in front (prod: registry.example.com/), as -p:ContainerRegistry does.
            var repository = image.Split(':')[0];
            Assert.True(repository == properties["ContainerRepository"] || repository.EndsWith("/" + properties["ContainerRepository"], StringComparison.Ordinal), $"{overlay}: {image}");
            Assert.Equal(properties["ContainerUser"], YamlTree.At(pod, "securityContext", "runAsUser"));
            Assert.Equal(ports, [(string)YamlTree.At(container, "ports", "0", "containerPort")!]);
            Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", properties["ContainerBaseImage"], StringComparison.Ordinal);
        }
    }

    private static async Task<(IReadOnlyDictionary<string, string> Properties, IReadOnlyList<string> Ports)> EvaluateAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "msbuild", project, "-getProperty:ContainerRepository", "-getProperty:ContainerUser",
                     "-getProperty:ContainerBaseImage", "-getItem:ContainerPort" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
        using var json = JsonDocument.Parse(output);
        var properties = json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var ports = json.RootElement.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray()
            .Select(p => p.GetProperty("Identity").GetString()!).ToList();
        return (properties, ports);
    }
}
