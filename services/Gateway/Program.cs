using DaprSupport.Gateway;
using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Realtime.Transport;
using DaprSupport.Gateway.Realtime.Transport.LongPoll;
using DaprSupport.ServiceDefaults;
using DaprSupport.ServiceDefaults.AppChannel;
using DaprSupport.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults().AddSupportSecurity();
builder.AddGateway();
builder.AllowWithoutAppToken(PublicRoutes.ClientPaths);

var app = builder.Build();
app.UseServiceDefaults();
app.UseWidget();
app.UseWebSockets();
app.MapFanoutSubscriptions();
app.MapTokenEndpoints();
var v1 = app.MapGroup("/v1");
v1.MapGatewaySocket();
v1.MapTimelineRoute();
v1.MapSupervisorRoute();
v1.MapMySessionsRoute();
v1.MapLongPoll();
app.Run();
