using DaprSupport.Auth.Tenants;
using DaprSupport.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults();
builder.Services.AddTenantDirectory(builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults();
app.MapTenantApi();
app.Run();
