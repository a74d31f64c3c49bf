using DaprSupport.Auth.Tenants;
using DaprSupport.ServiceDefaults;
using DaprSupport.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults().AddSupportSecurity();

var app = builder.Build();
app.UseServiceDefaults();
app.MapTenantApi();
app.MapTokenEndpoints();
app.Run();
