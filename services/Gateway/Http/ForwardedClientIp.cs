using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// Section <c>ForwardedHeaders</c>: the proxies (<c>KnownProxies</c>: addresses, <c>KnownNetworks</c>: CIDR ranges)
/// whose <c>X-Forwarded-For</c>/<c>-Proto</c> the gateway believes. None by default — not even loopback: a forwarded
/// client IP from any other peer is ignored, so the IP that the token rate limits use cannot be forged.
/// </summary>
public sealed class ForwardedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public List<string> KnownProxies { get; init; } = [];

    public List<string> KnownNetworks { get; init; } = [];
}

public static class ForwardedClientIp
{
    public static WebApplicationBuilder AddForwardedClientIp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var proxies = builder.Configuration.GetSection(ForwardedProxyOptions.Section).Get<ForwardedProxyOptions>()
            ?? new ForwardedProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With no known proxy or network the middleware would believe every peer, so then it reads nothing.
            var any = proxies.KnownProxies.Count + proxies.KnownNetworks.Count > 0;
            o.ForwardedHeaders = any
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }
}
