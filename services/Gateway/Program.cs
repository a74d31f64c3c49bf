using DaprSupport.Gateway;
using DaprSupport.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults();
builder.Services.AddSingleton<TimelineFanout>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapTimelineEvents();
app.Run();
