using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprSupport.Configuration.Cache;

/// <summary>
/// The safety net under change events: at start and every <see cref="TenantConfigOptions.RefreshInterval"/>, one
/// call for the catalog's versions, then a read of each tenant whose version is newer than this replica's.
/// </summary>
public sealed class TenantConfigSync(
    TenantConfigClient client, TenantConfigCache cache, IOptions<TenantConfigOptions> options, TimeProvider time,
    ILogger<TenantConfigSync> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(
                    "Configuration check failed ({Error}); serving the versions held, retrying in {Interval}.",
                    e.Message, options.Value.RefreshInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Reads every tenant the catalog lists at a newer version than this replica holds; returns how many were
    /// applied.
    /// </summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        var versions = await client.Catalog().GetVersionsAsync().WaitAsync(cancellationToken);
        var applied = 0;
        foreach (var (tenant, version) in versions)
        {
            if (version > cache.VersionOf(tenant)
                && (await client.Tenant(tenant).GetAsync().WaitAsync(cancellationToken)).Current is { } current
                && cache.TryApply(current, "poll"))
            {
                applied++;
            }
        }

        return applied;
    }
}
