using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// The HTTP routes of <c>/v1</c> (policy <see cref="PerCallerPolicy"/>): a token bucket per caller, keyed by the
/// bearer token it presents (a principal holds a few at most, renewed every few minutes) or, without one, by its
/// client address. A forged token gets a bucket of its own but no backend call: it is refused 401 by the route. The
/// refusal is the rate limiter's: 429 problem+json <c>rate_limited</c> with <c>Retry-After</c>.
/// </summary>
internal static class CallerRateLimits
{
    public const string PerCallerPolicy = "requests-per-caller";

    public static IServiceCollection AddCallerRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o => o.AddPolicy(PerCallerPolicy, context =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var caller = context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization
                ? authorization
                : "address:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.CallerRequestBurst,
                TokensPerPeriod = options.CallerRequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }));
}
