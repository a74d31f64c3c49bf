using System.Net;
using System.Net.Sockets;

namespace DaprSupport.Webhooks;

/// <summary>
/// Which addresses a webhook may connect to: public ones only, so that a tenant's admin cannot point a webhook at
/// the platform's own services (loopback, private, link-local — cloud metadata —, carrier-grade NAT, unique-local,
/// multicast, unspecified). Checked on the address actually connected to, after DNS, so a name that resolves to a
/// private address is refused as well.
/// </summary>
public static class AddressGuard
{
    private static readonly IPNetwork[] Private =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return plain.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            && !Private.Any(n => n.Contains(plain));
    }
}
