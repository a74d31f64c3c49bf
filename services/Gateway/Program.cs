using DaprSupport.Gateway;
using DaprSupport.Gateway.Connections;
using DaprSupport.Gateway.LongPoll;
using DaprSupport.ServiceDefaults;
using DaprSupport.ServiceDefaults.AppChannel;
using DaprSupport.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults().AddSupportSecurity();
builder.AddGateway();
builder.AllowWithoutAppToken(PublicRoutes.ClientPaths);

var app = builder.Build();
app.UseServiceDefaults();
app.UseWidget();
app.UseWebSockets();
app.MapTimelineEvents();
app.MapTokenEndpoints();
app.MapGatewaySocket();
app.MapTimelineRoute();
app.MapLongPoll();
app.Run();
