using DaprSupport.Messages.History;
using DaprSupport.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults();
builder.Services.AddSingleton<TimelineHistory>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapHistoryEvents();
app.MapHistoryApi();
app.Run();
