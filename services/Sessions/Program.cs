using DaprSupport.ServiceDefaults;
using DaprSupport.Sessions;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults();
builder.AddActorHost(actors => actors.RegisterActor<SessionActor>());

var app = builder.Build();
app.UseServiceDefaults();
app.MapActorsHandlers();
app.MapAgentEvents();
app.Run();
