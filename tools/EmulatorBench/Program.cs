using System.CommandLine;
using DaprSupport.EmulatorBench;

var rate = new Option<int>("--rate") { Description = "Requests per second per scenario (open loop).", DefaultValueFactory = _ => 1000 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds per scenario.", DefaultValueFactory = _ => 20 };
var warmup = new Option<int>("--warmup") { Description = "Warm-up seconds per scenario (not recorded).", DefaultValueFactory = _ => 5 };
var store = new Option<string>("--store") { Description = "State store behind the state scenarios: in-memory or etcd.", DefaultValueFactory = _ => "in-memory" };
var output = new Option<FileInfo?>("--markdown") { Description = "Also write the result table as Markdown to this file." };
var only = new Option<string?>("--only") { Description = "Run only the scenarios whose name contains this text (e.g. \"state get\")." };

var root = new RootCommand("Measures the latency the Dapr emulator adds per hop (state get, service invocation) at a fixed request rate.")
{
    rate, seconds, warmup, store, output, only,
};
root.SetAction(async (parse, ct) =>
{
    var options = new BenchOptions(parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(seconds)), TimeSpan.FromSeconds(parse.GetValue(warmup)), parse.GetValue(store)!, parse.GetValue(only));
    var results = await HopBenchmark.RunAsync(options, Console.Out, ct);
    var table = ResultTable.ToMarkdown(options, results);
    Console.WriteLine();
    Console.WriteLine(table);
    if (parse.GetValue(output) is { } file)
    {
        await File.WriteAllTextAsync(file.FullName, table, ct);
    }

    return 0;
});
return await root.Parse(args).InvokeAsync();
