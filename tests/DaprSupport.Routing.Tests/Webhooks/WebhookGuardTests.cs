using System.Net;
using System.Text.Json;
using DaprSupport.Configuration.Documents;
using DaprSupport.Contracts.Webhooks;
using DaprSupport.Webhooks;
using Microsoft.Extensions.Options;

namespace DaprSupport.Routing.Tests.Webhooks;

/// <summary>
/// A tenant's admin cannot aim a webhook at the platform's own network: private, loopback, link-local (cloud
/// metadata) and unique-local addresses are refused after DNS, unless a Development run allows them.
/// </summary>
public sealed class WebhookGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:4700::1111", true)]
    public void Only_public_addresses_are_allowed(string address, bool allowed) =>
        Assert.Equal(allowed, AddressGuard.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task A_url_on_loopback_is_refused_before_any_connection()
    {
        using var sender = new WebhookSender(Options.Create(new WebhookOptions()), TimeProvider.System);
        var endpoint = new WebhookEndpoint
        {
            Id = "crm", Url = "http://localhost:9/hooks", Events = ["support.sessions"], Secrets = [new string('s', 24)],
        };

        var result = await sender.SendAsync("t", endpoint,
            new WebhookEvent("e1", "support.sessions", DateTimeOffset.UtcNow, JsonDocument.Parse("{}").RootElement),
            CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Null(result.Status);
        Assert.Contains("no public address", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/webhooks/0/url", "ftp://crm.example/hooks")]
    [InlineData("/webhooks/0/url", "https://user:pw@crm.example/hooks")]
    [InlineData("/webhooks/0/events/0", "support.routing")]
    [InlineData("/webhooks/0/secrets/0", "short")]
    public void Invalid_endpoints_are_named_by_their_json_pointer(string at, string value)
    {
        var endpoint = new WebhookEndpoint
        {
            Id = "crm", Url = "https://crm.example/hooks", Events = ["support.sessions"], Secrets = [new string('s', 24)],
        };
        endpoint = at switch
        {
            "/webhooks/0/url" => endpoint with { Url = value },
            "/webhooks/0/events/0" => endpoint with { Events = [value] },
            _ => endpoint with { Secrets = [value] },
        };
        var errors = new List<ConfigError>();

        WebhookRules.Check([endpoint], errors);

        Assert.Equal(at, Assert.Single(errors).Pointer);
    }
}
