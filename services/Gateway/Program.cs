using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts;
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
builder.AddForwardedClientIp();
builder.AddGateway();
builder.AllowWithoutAppToken(PublicRoutes.ClientPaths);

var app = builder.Build();
app.UseForwardedHeaders();
app.UseServiceDefaults();
app.UsePublicBodyLimit();
app.UseWidget();
app.UseWebSockets();
app.UseRateLimiter();
app.MapFanoutSubscriptions();
app.MapTenantConfigEvents(Components.Fanout);
app.MapTokenEndpoints();
var v1 = app.MapGroup("/v1");
v1.MapGatewaySocket();
v1.MapLongPoll();
v1.MapWidgetConfigRoute();

// Frames on the socket and long-poll have their own limits, the widget's configuration a per-address one.
var perCaller = v1.MapGroup(string.Empty).RequireRateLimiting(CallerRateLimits.PerCallerPolicy);
perCaller.MapTimelineRoute();
perCaller.MapSupervisorRoute();
perCaller.MapMySessionsRoute();
perCaller.MapVisitorDetailsRoute();
perCaller.MapCannedRepliesRoute();
perCaller.MapAdminRoutes();
perCaller.MapWebhookRoutes();
perCaller.MapPlatformRoutes();
app.Run();
