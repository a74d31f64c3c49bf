using DaprSupport.Agents;
using DaprSupport.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults();
builder.AddAgentOptions();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddActorHost(actors => actors.RegisterActor<AgentActor>());

var app = builder.Build();
app.UseServiceDefaults();
app.MapActorsHandlers();
app.Run();
