using System.Security.Cryptography;
using System.Text;

namespace DaprSupport.Webhooks;

/// <summary>
/// The signature scheme of the Standard Webhooks specification: <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix
/// seconds) and <c>webhook-signature</c>, a space-separated list of <c>v1,</c> + base64 HMAC-SHA256 over
/// <c>{id}.{timestamp}.{body}</c>, one per secret (two while a secret is rotated). The secret's key is its UTF-8 bytes.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How far a receiver should accept a timestamp from its own clock (replay protection).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(IEnumerable<string> secrets, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var content = Content(id, timestamp, body);
        return string.Join(' ', secrets.Select(s => "v1," + Convert.ToBase64String(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), content))));
    }

    /// <summary>
    /// What a receiver checks: the timestamp within <see cref="Tolerance"/> of <paramref name="now"/> and one of the
    /// header's signatures made with <paramref name="secret"/> (compared in constant time).
    /// </summary>
    public static bool Verify(
        string secret, string id, string timestamp, ReadOnlySpan<byte> body, string header, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(header);
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Content(id, seconds, body));
        foreach (var part in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("v1,", StringComparison.Ordinal)
                && TryBase64(part[3..]) is { } given
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Content(string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(
            $"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
