using System.Globalization;
using System.Threading.RateLimiting;
using DaprSupport.Contracts.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DaprSupport.Tenancy;

/// <summary>
/// Section <c>AuthLimits</c>: how many token requests (<c>/v1/auth/*</c>) one client IP and one tenant may make per
/// window. The IP is the connection's, or the forwarded one where the peer is a configured proxy.
/// </summary>
public sealed class AuthLimitOptions
{
    public const string Section = "AuthLimits";

    public int PerIpPermits { get; set; } = 60;

    public int PerTenantPermits { get; set; } = 1200;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The token routes' limits: per client IP by ASP.NET Core's rate limiter (policy <see cref="PerIpPolicy"/>), and per
/// tenant once the request names a known one (<see cref="TryAcquireTenant"/>). Both refuse with 429 problem+json
/// <c>rate_limited</c> and <c>Retry-After</c>, as does every other policy of the rate limiter.
/// </summary>
public static class AuthRateLimits
{
    public const string PerIpPolicy = "auth-per-ip";

    internal static void AddAuthRateLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<AuthLimitOptions>()
            .Bind(builder.Configuration.GetSection(AuthLimitOptions.Section))
            .Validate(o => o.PerIpPermits > 0 && o.PerTenantPermits > 0 && o.Window > TimeSpan.Zero,
                $"{AuthLimitOptions.Section}: permits and Window must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TenantAuthLimiter>();
        builder.Services.AddRateLimiter(o => o.AddPolicy(PerIpPolicy, context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<AuthLimitOptions>>().Value;
            var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(ip, _ => Window(limits.PerIpPermits, limits.Window));
        }));
        builder.Services.Configure<RateLimiterOptions>(o => o.OnRejected = (rejected, ct) =>
            new ValueTask(Refusal(rejected.HttpContext, rejected.Lease).ExecuteAsync(rejected.HttpContext)));
    }

    /// <summary>The tenant's permit for one token request, or the 429 to answer instead.</summary>
    public static ProblemHttpResult? TryAcquireTenant(HttpContext context, string tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limiter = context.RequestServices.GetRequiredService<TenantAuthLimiter>();
        using var lease = limiter.Limiter.AttemptAcquire(tenant);
        return lease.IsAcquired ? null : Refusal(context, lease);
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static ProblemHttpResult Refusal(HttpContext context, RateLimitLease lease)
    {
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        context.Response.Headers[HeaderNames.RetryAfter] =
            Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TokenEndpoints.Refuse(
            ErrorCodes.RateLimited, "Too many requests; retry after the Retry-After delay.");
    }

    /// <summary>One fixed window per tenant (known tenants only, so the partitions are bounded).</summary>
    internal sealed class TenantAuthLimiter(IOptions<AuthLimitOptions> options) : IDisposable
    {
        public PartitionedRateLimiter<string> Limiter { get; } = PartitionedRateLimiter.Create<string, string>(
            tenant => RateLimitPartition.GetFixedWindowLimiter(
                tenant, _ => Window(options.Value.PerTenantPermits, options.Value.Window)));

        public void Dispose() => Limiter.Dispose();
    }
}
