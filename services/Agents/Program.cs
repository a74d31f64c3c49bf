using DaprSupport.Agents;
using DaprSupport.Configuration;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts;
using DaprSupport.ServiceDefaults;
using DaprSupport.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults();
builder.AddAgentOptions();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddActorHost(actors =>
{
    actors.RegisterActor<AgentActor>();
    actors.RegisterWebhookActors();
});
builder.AddTenantConfiguration();
builder.AddWebhooks();

var app = builder.Build();
app.UseServiceDefaults();
app.MapActorsHandlers();
app.MapTenantConfigEvents(Components.Fanout);
app.MapWebhookEvents();
app.Run();
