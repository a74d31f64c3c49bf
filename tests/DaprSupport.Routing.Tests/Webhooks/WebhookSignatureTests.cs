using System.Security.Cryptography;
using System.Text;
using DaprSupport.Webhooks;

namespace DaprSupport.Routing.Tests.Webhooks;

/// <summary>The Standard Webhooks scheme: HMAC-SHA256 over id.timestamp.body, one signature per secret, 5-minute window.</summary>
public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"e1","type":"support.sessions"}""");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_764_576_000);

    [Fact]
    public void The_signature_is_the_hmac_of_id_timestamp_and_body_in_base64()
    {
        var header = WebhookSignature.Sign(["secret-one-0123456789abcdef"], "e1", 1_764_576_000, Body);

        var expected = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("secret-one-0123456789abcdef"),
            Encoding.UTF8.GetBytes("e1.1764576000." + Encoding.UTF8.GetString(Body))));
        Assert.Equal("v1," + expected, header);
    }

    [Fact]
    public void While_a_secret_rotates_either_secret_verifies()
    {
        var header = WebhookSignature.Sign(["new-secret-0123456789abcdef", "old-secret-0123456789abcdef"], "e1",
            Now.ToUnixTimeSeconds(), Body);

        Assert.Equal(2, header.Split(' ').Length);
        Assert.True(WebhookSignature.Verify("new-secret-0123456789abcdef", "e1", "1764576000", Body, header, Now));
        Assert.True(WebhookSignature.Verify("old-secret-0123456789abcdef", "e1", "1764576000", Body, header, Now));
        Assert.False(WebhookSignature.Verify("other-secret-0123456789abcdef", "e1", "1764576000", Body, header, Now));
    }

    [Fact]
    public void A_changed_body_id_or_a_stale_timestamp_fails()
    {
        var header = WebhookSignature.Sign(["s-0123456789abcdef0123"], "e1", Now.ToUnixTimeSeconds(), Body);

        Assert.False(WebhookSignature.Verify("s-0123456789abcdef0123", "e2", "1764576000", Body, header, Now));
        Assert.False(WebhookSignature.Verify("s-0123456789abcdef0123", "e1", "1764576000", [.. Body, 32], header, Now));
        Assert.False(WebhookSignature.Verify("s-0123456789abcdef0123", "e1", "1764576000", Body, header,
            Now.AddMinutes(6)));
        Assert.True(WebhookSignature.Verify("s-0123456789abcdef0123", "e1", "1764576000", Body, header,
            Now.AddMinutes(4)));
        Assert.False(WebhookSignature.Verify("s-0123456789abcdef0123", "e1", "not-a-number", Body, header, Now));
    }
}
