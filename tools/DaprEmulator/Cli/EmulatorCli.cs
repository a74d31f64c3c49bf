using System.CommandLine;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Run;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Cli;

/// <summary>The command line: <c>dapr-emulator run -f dapr.yaml</c>, the stand-in for <c>dapr run -f</c>.</summary>
internal static class EmulatorCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var file = new Option<FileInfo>("--run-file", "-f")
        {
            Description = "The multi-app run file (dapr.yaml).",
            DefaultValueFactory = _ => new FileInfo("dapr.yaml"),
        };
        var with = new Option<FileInfo[]>("--with")
        {
            Description = "Further run files whose apps run beside the first's (as a second `dapr run -f` on the same machine would).",
            AllowMultipleArgumentsPerToken = false,
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Emulator log level.",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        var noEtcd = new Option<bool>("--no-etcd")
        {
            Description = "Do not start a local etcd for state.etcd components on loopback endpoints; use the ones running.",
        };

        var partitions = new Option<int>("--kafka-partitions")
        {
            Description = "Partitions of each undeclared Kafka topic the emulator creates (a broker's num.partitions).",
            DefaultValueFactory = _ => 8,
        };
        partitions.Validators.Add(r =>
        {
            if (r.GetValue(partitions) is < 1 or > 1024)
            {
                r.AddError("--kafka-partitions must be between 1 and 1024.");
            }
        });

        var topics = new Option<FileInfo?>("--kafka-topics")
        {
            Description = $"Strimzi KafkaTopic manifest declaring topics and their partitions (default: {PubSub.Kafka.KafkaTopicDeclarations.ConventionalPath} next to the run file, if present).",
        };

        var run = new Command("run", "Start every app of the run file, each with its own emulated sidecar.") { file, with, logLevel, noEtcd, partitions, topics };
        run.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = LoggerFactory.Create(b => b
                .SetMinimumLevel(parse.GetValue(logLevel))
                .AddFilter("Microsoft", LogLevel.Warning)
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                }));
            var logger = loggers.CreateLogger("dapr-emulator");
            try
            {
                var runFile = RunFiles.Combine(RunFileLoader.Load(parse.GetValue(file)!.FullName),
                    (parse.GetValue(with) ?? []).Select(f => RunFileLoader.Load(f.FullName)));
                await MultiAppRun.RunUntilCancelledAsync(runFile, new MultiAppRunOptions(!parse.GetValue(noEtcd), KafkaPartitions: parse.GetValue(partitions), KafkaTopicsFile: parse.GetValue(topics)?.FullName), loggers, cancellationToken);
                return 0;
            }
            catch (EmulatorConfigurationException ex)
            {
                logger.LogCritical("{Message}", ex.Message);
                return 2;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
        });

        var root = new RootCommand("Dapr emulator: runs Dapr apps with emulated sidecars speaking the Dapr HTTP and gRPC APIs.") { run };
        return await root.Parse(args).InvokeAsync();
    }
}
