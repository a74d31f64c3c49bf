using System.CommandLine;
using DaprSupport.LoadGen;

// System.CommandLine has no parser for Uri: without this, any --url fails with "Cannot parse argument".
var url = new Option<Uri>("--url")
{
    Description = "Gateway base URL.",
    DefaultValueFactory = _ => new Uri("http://127.0.0.1:8080"),
    CustomParser = r => new Uri(r.Tokens.Single().Value, UriKind.Absolute),
};
var tenant = new Option<string>("--tenant") { Description = "Tenant.", DefaultValueFactory = _ => "demo" };
var apiKey = new Option<string>("--api-key") { Description = "The tenant's API key (for agent tokens).", DefaultValueFactory = _ => "demo-key" };
var duration = new Option<int>("--seconds") { Description = "Measured seconds.", DefaultValueFactory = _ => 60 };
var readReceipts = new Option<bool>("--read-receipts") { Description = "The agent sends a read for each visitor text as it arrives, as the desk does for items from others." };
var typing = new Option<bool>("--typing") { Description = "Each visitor sends a typing frame before each text (the gateway relays at most one per 2 s per sender and session)." };
var plot = new Option<FileInfo?>("--plot") { Description = "Write a PNG latency plot here." };
var markdown = new Option<FileInfo?>("--markdown") { Description = "Write the result table as Markdown here." };
var hgrm = new Option<FileInfo?>("--hgrm") { Description = "Write the latency percentile distribution (HdrHistogram .hgrm) here." };

var pairs = new Option<int>("--pairs") { Description = "Chatting visitor/agent pairs.", DefaultValueFactory = _ => 1000 };
var agents = new Option<int>("--agents") { Description = "Agents (sessions are spread over them up to their capacity).", DefaultValueFactory = _ => 200 };
var rate = new Option<double>("--rate") { Description = "Messages per second per visitor.", DefaultValueFactory = _ => 1.0 };
var verbose = new Option<bool>("--verbose") { Description = "Print every frame the visitors receive." };
var assignSeconds = new Option<int>("--assign-seconds") { Description = "How long to wait for every session to be assigned before chatting.", DefaultValueFactory = _ => 60 };
var startRate = new Option<double>("--start-rate") { Description = "Visitors starting a session per second (arrivals, before the measured chat).", DefaultValueFactory = _ => 50 };
var sidecarMetrics = new Option<Uri[]>("--sidecar-metrics")
{
    Description = "The sidecars' metrics endpoints (default: found from the run's apps, DAPR_METRICS_PORT).",
    AllowMultipleArgumentsPerToken = true,
    CustomParser = r => [.. r.Tokens.Select(t => new Uri(t.Value, UriKind.Absolute))],
};
var warmup = new Option<int>("--warmup-seconds") { Description = "Unmeasured chat at the (first) rate before the measured window: JIT tiering and pools settle first.", DefaultValueFactory = _ => 0 };
var drain = new Option<int>("--drain-seconds") { Description = "After the window, how long to wait for texts still on their way; the report says whether all arrived, once and in order, and when.", DefaultValueFactory = _ => 60 };
var findMax = new Option<bool>("--find-max") { Description = "Step the per-visitor rate up instead of one rate for --seconds; reports the highest rate kept up with." };
var rampFirst = new Option<double>("--ramp-first") { Description = "Messages per second per visitor in the first step.", DefaultValueFactory = _ => 1 };
var rampStep = new Option<double>("--ramp-step") { Description = "Added to the per-visitor rate each step.", DefaultValueFactory = _ => 1 };
var rampSteps = new Option<int>("--ramp-steps") { Description = "Number of steps.", DefaultValueFactory = _ => 5 };
var stepSeconds = new Option<int>("--step-seconds") { Description = "Seconds per step.", DefaultValueFactory = _ => 20 };

CommonOptions Common(ParseResult parse, bool withPlot = true) =>
    new(parse.GetValue(url)!, parse.GetValue(tenant)!, parse.GetValue(apiKey)!, TimeSpan.FromSeconds(parse.GetValue(duration)),
        withPlot ? parse.GetValue(plot) : null, parse.GetValue(markdown))
    {
        SidecarMetrics = parse.GetValue(sidecarMetrics) ?? [],
        Hgrm = parse.GetValue(hgrm),
    };

var chat = new Command("chat", "Visitors start sessions, agents accept, visitors chat; measures visitor→agent delivery, CPU and sidecar interactions per message.")
{
    url, tenant, apiKey, duration, plot, markdown, hgrm, sidecarMetrics, pairs, agents, rate, verbose, startRate, assignSeconds,
    findMax, rampFirst, rampStep, rampSteps, stepSeconds, warmup, drain, readReceipts, typing,
};
chat.SetAction(async (parse, ct) =>
{
    var common = Common(parse);
    var options = new ChatOptions(parse.GetValue(pairs), parse.GetValue(agents), parse.GetValue(rate), parse.GetValue(verbose), parse.GetValue(startRate), parse.GetValue(assignSeconds))
    {
        Ramp = parse.GetValue(findMax)
            ? new RampOptions(parse.GetValue(rampFirst), parse.GetValue(rampStep), parse.GetValue(rampSteps), TimeSpan.FromSeconds(parse.GetValue(stepSeconds)))
            : null,
        Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
        Drain = TimeSpan.FromSeconds(parse.GetValue(drain)),
        ReadReceipts = parse.GetValue(readReceipts),
        Typing = parse.GetValue(typing),
    };
    var result = await ChatScenario.RunAsync(common, options, ct);
    return await Report.WriteAsync(common, result, ct);
});

var startAgents = new Option<int>("--agents") { Description = "Agents accepting every offer (capacity spread so all fit).", DefaultValueFactory = _ => 50 };
var storm = new Option<double>("--start-rate") { Description = "Visitors arriving (each sending start) per second.", DefaultValueFactory = _ => 200 };
var grace = new Option<int>("--grace-seconds") { Description = "How long after the last arrival every start may take to be assigned.", DefaultValueFactory = _ => 10 };
var starts = new Command("starts", "A start storm on one tenant: start→offer latency, sheds (unavailable / rate_limited with retryAfterMs), all assigned within the grace period.")
{
    url, tenant, apiKey, duration, plot, markdown, hgrm, sidecarMetrics, startAgents, storm, grace,
};
starts.SetAction(async (parse, ct) =>
{
    var common = Common(parse);
    var result = await StartsScenario.RunAsync(common, new StartsOptions(parse.GetValue(storm), parse.GetValue(startAgents), TimeSpan.FromSeconds(parse.GetValue(grace))), ct);
    return await Report.WriteAsync(common, result, ct);
});

var connections = new Option<int>("--connections") { Description = "Idle visitor WebSockets to hold.", DefaultValueFactory = _ => 10_000 };
var runs = new Option<int>("--runs") { Description = "Repetitions (each opens, holds and closes its connections).", DefaultValueFactory = _ => 1 };
var idle = new Command("idle", "Opens and holds idle visitor WebSockets; measures connect success and gateway memory per connection.")
{
    url, tenant, apiKey, duration, plot, markdown, connections, runs,
};
idle.SetAction(async (parse, ct) =>
{
    var common = Common(parse);
    var result = await IdleScenario.RunAsync(common, parse.GetValue(connections), parse.GetValue(runs), ct);
    return await Report.WriteAsync(common, result, ct);
});

var root = new RootCommand("DaprSupport load generator: drives visitors and agents through the real gateway protocol.") { chat, starts, idle };
return await root.Parse(args).InvokeAsync();
