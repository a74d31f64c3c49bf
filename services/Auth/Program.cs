using DaprSupport.Auth.Tenants;
using DaprSupport.ServiceDefaults;
using DaprSupport.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults().AddSupportSecurity();

var app = builder.Build();
app.UseServiceDefaults();
app.MapTenantApi();
app.MapTokenEndpoints();
app.Run();
