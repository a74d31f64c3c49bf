using System.Text.Json;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>
/// Runtime settings the services are built with, read from the runtimeconfig.json each build writes (the build copies
/// a referenced app's beside the tests): what the runtime actually gets, not what a project file meant to say.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_gateway_runs_workstation_gc_and_the_actor_hosts_server_gc()
    {
        // The gateway holds many mostly idle sockets: server GC's per-core gen0 budgets cost memory per connection. Its
        // project once spelled the property ServerGarbageCollector, which MSBuild ignores, so it ran server GC.
        Assert.False(GcServer("DaprSupport.Gateway"));
        Assert.True(GcServer("DaprSupport.Sessions"));
        Assert.True(GcServer("DaprSupport.Agents"));
    }

    private static bool GcServer(string app)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, app + ".runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties")
            .GetProperty("System.GC.Server").GetBoolean();
    }
}
