using DaprSupport.Messages.History;
using DaprSupport.ServiceDefaults;
using DaprSupport.History;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults();
builder.AddTimelineHistory();
builder.Services.AddSingleton<HistoryQuery>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapHistoryApi();
app.Run();
