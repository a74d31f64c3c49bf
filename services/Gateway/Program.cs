using DaprSupport.Gateway;
using DaprSupport.ServiceDefaults;
using DaprSupport.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults().AddSupportSecurity();
builder.Services.AddSingleton<TimelineFanout>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapTimelineEvents();
app.MapTokenEndpoints();
app.Run();
