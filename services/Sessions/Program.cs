using DaprSupport.Configuration;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts;
using DaprSupport.ServiceDefaults;
using DaprSupport.History;
using DaprSupport.Sessions.Actors;
using DaprSupport.Sessions.Api;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Sessions.DeadLetters;
using DaprSupport.Sessions.Jobs;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;
using DaprSupport.Sessions.Sla;
using DaprSupport.Sessions.Visitors;

var builder = WebApplication.CreateBuilder(args);
builder.UseAppPortWhenNoUrls().AddServiceDefaults();
builder.AddRoutingOptions();
builder.AddSlaLedger();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IHistoryRetention, TenantRetention>();
builder.AddTimelineHistory();
builder.Services.AddSingleton<QueuePositionPublisher>();
builder.Services.AddSingleton<OfferDispatcher>();
builder.Services.AddSingleton<SessionFlows>();
builder.Services.AddSingleton<UnattendedSessions>();
builder.Services.AddSingleton<IRoutingPolicies, ConfiguredPolicies>();
builder.Services.AddHostedService<ConfigChangeDispatch>();
builder.Services.AddSingleton<TimelineAppender>();
builder.Services.AddOptions<VisitorOptions>().Bind(builder.Configuration.GetSection(VisitorOptions.Section))
    .Validate(o => o.MaxOpenSessions > 0 && o.PendingCreateGrace > TimeSpan.Zero, "Visitors limits must be positive.")
    .ValidateOnStart();
builder.Services.AddSingleton<SessionAdmission>();
builder.Services.AddDeadLetterKeeping(builder.Configuration);
builder.AddActorHost(actors =>
{
    actors.RegisterActor<SessionActor>();
    actors.RegisterActor<RouterActor>();
    actors.RegisterConfigurationActors();
    actors.RegisterActor<VisitorActor>();
    actors.RegisterActor<JobLedgerActor>();
    actors.RegisterActor<OpenSessionIndexActor>();
    actors.RegisterActor<HousekeepingTenantsActor>();
    actors.RegisterActor<SlaActor>();
});
builder.Services.AddActorProxies();
builder.AddTenantConfiguration();
builder.Services.AddLeaseLocks(builder.Configuration);
builder.AddSingletonJobs();

var app = builder.Build();
app.UseServiceDefaults();
app.MapActorsHandlers();
app.MapRoutingEvents();
app.MapDeadLetterEvents();
app.MapHousekeepingEvents();
app.MapTenantConfigEvents(Components.Fanout);
app.MapSessionApi();
app.MapAgentApi();
app.MapSlaApi();
app.Run();
