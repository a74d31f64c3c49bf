using System.Text;

namespace DaprSupport.LoadGen.Tests;

public class ProcessAccountingTests
{
    [Fact]
    public void Stat_fields_are_counted_after_the_last_parenthesis_of_the_command_name()
    {
        const string stat = "4242 (dotnet (run) x) S 17 4242 17 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 12 0 900 0 0";

        Assert.Equal((17, 325L), ProcessTable.ParseStat(stat));
        Assert.Null(ProcessTable.ParseStat("garbage"));
    }

    [Fact]
    public void Environment_is_read_from_nul_separated_entries()
    {
        var env = ProcessTable.ParseEnvironment(Encoding.UTF8.GetBytes("APP_ID=gateway\0APP_PORT=8080\0X=a=b\0\0"));

        Assert.Equal("gateway", env["APP_ID"]);
        Assert.Equal("8080", env["APP_PORT"]);
        Assert.Equal("a=b", env["X"]);
    }

    [Fact]
    public void The_run_is_the_emulators_tree_above_the_gateway_with_apps_by_app_id_and_etcd_by_its_executable()
    {
        ProcessInfo P(int pid, int parent, string args, string? appId = null, int? appPort = null) =>
            new(pid, parent, args.Split(' '), appId, appPort, null, 0);
        var processes = new[]
        {
            P(1, 0, "/sbin/init"),
            P(10, 1, "bash tools/dev.sh run"),
            P(11, 10, "dotnet run --project tools/DaprEmulator -c Release --no-build -- run -f dapr.yaml"),
            P(12, 11, "/repo/tools/DaprEmulator/bin/Release/net10.0/DaprSupport.DaprEmulator run -f dapr.yaml"),
            P(13, 12, "/usr/bin/etcd --data-dir x"),
            P(14, 12, "dotnet run --no-build --urls http://127.0.0.1:8080", "gateway", 8080),
            P(15, 14, "/repo/services/Gateway/bin/Release/net10.0/DaprSupport.Gateway --urls http://127.0.0.1:8080", "gateway", 8080),
            P(16, 12, "dotnet run --no-build", "sessions", 5102),
            P(17, 16, "/repo/services/Sessions/bin/Release/net10.0/DaprSupport.Sessions", "sessions", 5102),
            // Another run on the machine (a test's), and an etcd of nobody's run: not ours.
            P(20, 1, "/repo2/tools/DaprEmulator/bin/Debug/net10.0/DaprSupport.DaprEmulator run"),
            P(21, 20, "/tmp/gw --urls http://127.0.0.1:40001", "gateway", 40001),
            P(22, 20, "etcd"),
            P(30, 1, "etcd"),
        };

        var groups = RunProcesses.Classify(processes, 8080);

        Assert.Equal(new Dictionary<int, string>
        {
            [11] = RunProcesses.Emulator,
            [12] = RunProcesses.Emulator,
            [13] = RunProcesses.Etcd,
            [14] = RunProcesses.App("gateway"),
            [15] = RunProcesses.App("gateway"),
            [16] = RunProcesses.App("sessions"),
            [17] = RunProcesses.App("sessions"),
        }, groups);
        Assert.Empty(RunProcesses.Classify(processes, 9999));
    }

    [Fact]
    public void Cpu_is_the_difference_per_group_and_a_process_gone_by_the_end_is_left_out()
    {
        var before = new Dictionary<int, (string, long)>
        {
            [1] = ("app gateway", 100), [2] = ("app gateway", 50), [3] = ("emulator", 400), [4] = ("app sessions", 10),
        };
        var after = new Dictionary<int, (string, long)>
        {
            [1] = ("app gateway", 150), [2] = ("app gateway", 70), [3] = ("emulator", 500), [5] = ("etcd", 999),
        };

        var cpu = CpuBreakdown.Between(before, after);

        Assert.Equal(0.7, cpu.Seconds["app gateway"], 6);
        Assert.Equal(1.0, cpu.Seconds["emulator"], 6);
        Assert.False(cpu.Seconds.ContainsKey("app sessions"));
        Assert.False(cpu.Seconds.ContainsKey("etcd"));
        Assert.Equal(0.7, cpu.Product, 6);
    }

    [Fact]
    public void Figures_keep_the_products_cpu_apart_from_the_emulators_and_divide_by_delivered_messages()
    {
        var cpu = new CpuBreakdown(new Dictionary<string, double>
        {
            ["app gateway"] = 1.0, ["app sessions"] = 2.0, ["emulator"] = 4.0, ["etcd"] = 0.5, [RunProcesses.LoadTool] = 0.25,
        });
        var counters = SidecarCounters.From([
            """
            dapr_http_server_request_count{app_id="gateway",method="PUT",path="/v1.0/actors/SessionActor/{id}/method",status="200"} 2000
            dapr_http_client_completed_count{app_id="sessions",method="PUT",path="actors/SessionActor/{id}/method/Append",status="200"} 2000
            dapr_component_pubsub_egress_count{app_id="sessions",component="pubsub",namespace="default",success="true",topic="t"} 1000
            dapr_component_state_count{app_id="sessions",component="historystore",namespace="default",operation="set",success="true"} 500
            dapr_component_state_count{app_id="sessions",component="historystore",namespace="default",operation="transaction",success="true"} 500
            """,
        ]);

        var figures = WindowProbe.Figures(cpu, counters, delivered: 1000, TimeSpan.FromSeconds(10), sidecars: 3).ToDictionary(f => f.Name, f => f.Value);

        Assert.Equal("3.000 ms (30 % of a core)", figures["CPU per delivered message: the product (gateway + sessions)"]);
        Assert.Equal("1.000 ms (10 % of a core)", figures["  CPU per message, gateway"]);
        Assert.Equal("4.000 ms (40 % of a core)", figures["CPU per message, emulator (not in production)"]);
        Assert.Equal("0.250 ms (3 % of a core)", figures["CPU per message, load tool"]);
        Assert.Equal("4.00 (4000 over 3 sidecars)", figures["sidecar interactions per message (API requests + app-channel calls)"]);
        Assert.Equal("1.00 / 0.00 / 0.00", figures["  publishes (single / bulk calls) / deliveries per message"]);
        Assert.Equal("0.50 / 0.50 / 0.00 / 0.00", figures["  state API writes (set / transaction) / reads (get / bulk_get) per message"]);
    }
}
