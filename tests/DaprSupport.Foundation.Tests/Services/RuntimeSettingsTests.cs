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

    [Theory]
    [InlineData("DaprSupport.Gateway")]
    [InlineData("DaprSupport.Sessions")]
    [InlineData("DaprSupport.Agents")]
    [InlineData("dapr-emulator")]
    public void Thread_pool_workers_sleep_instead_of_spinning_when_idle(string app)
    {
        // On one or two cores the workers' spin-wait (sched_yield) was ~45 % of the apps' CPU samples under chat load.
        Assert.Equal(0, Setting(app, "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    private static bool GcServer(string app) => Setting(app, "System.GC.Server").GetBoolean();

    private static JsonElement Setting(string app, string name)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, app + ".runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty(name).Clone();
    }
}
