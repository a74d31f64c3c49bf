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
var plot = new Option<FileInfo?>("--plot") { Description = "Write a PNG latency plot here." };
var markdown = new Option<FileInfo?>("--markdown") { Description = "Write the result table as Markdown here." };

var pairs = new Option<int>("--pairs") { Description = "Chatting visitor/agent pairs.", DefaultValueFactory = _ => 1000 };
var agents = new Option<int>("--agents") { Description = "Agents (sessions are spread over them up to their capacity).", DefaultValueFactory = _ => 200 };
var rate = new Option<double>("--rate") { Description = "Messages per second per visitor.", DefaultValueFactory = _ => 1.0 };
var verbose = new Option<bool>("--verbose") { Description = "Print every frame the visitors receive." };
var assignSeconds = new Option<int>("--assign-seconds") { Description = "How long to wait for every session to be assigned before chatting.", DefaultValueFactory = _ => 60 };
var startRate = new Option<double>("--start-rate") { Description = "Visitors starting a session per second (arrivals, before the measured chat).", DefaultValueFactory = _ => 50 };
var chat = new Command("chat", "Visitors start sessions, agents accept, visitors chat; measures visitor→agent delivery.")
{
    url, tenant, apiKey, duration, plot, markdown, pairs, agents, rate, verbose, startRate, assignSeconds,
};
chat.SetAction(async (parse, ct) =>
{
    var common = new CommonOptions(parse.GetValue(url)!, parse.GetValue(tenant)!, parse.GetValue(apiKey)!, TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(plot), parse.GetValue(markdown));
    var result = await ChatScenario.RunAsync(common, new ChatOptions(parse.GetValue(pairs), parse.GetValue(agents), parse.GetValue(rate), parse.GetValue(verbose), parse.GetValue(startRate), parse.GetValue(assignSeconds)), ct);
    return await Report.WriteAsync(common, result, ct);
});

var connections = new Option<int>("--connections") { Description = "Idle visitor WebSockets to hold.", DefaultValueFactory = _ => 10_000 };
var idle = new Command("idle", "Opens and holds idle visitor WebSockets; measures connect success and gateway memory per connection.")
{
    url, tenant, apiKey, duration, markdown, connections,
};
idle.SetAction(async (parse, ct) =>
{
    var common = new CommonOptions(parse.GetValue(url)!, parse.GetValue(tenant)!, parse.GetValue(apiKey)!, TimeSpan.FromSeconds(parse.GetValue(duration)), null, parse.GetValue(markdown));
    var result = await IdleScenario.RunAsync(common, parse.GetValue(connections), ct);
    return await Report.WriteAsync(common, result, ct);
});

var root = new RootCommand("DaprSupport load generator: drives visitors and agents through the real gateway protocol.") { chat, idle };
return await root.Parse(args).InvokeAsync();
