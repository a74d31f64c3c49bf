using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace DaprSupport.Configuration.Signing;

/// <summary>Signs configuration versions with the current key and verifies them with the key their id names.</summary>
public sealed class TenantConfigSigner(IOptionsMonitor<ConfigSigningOptions> options)
{
    public SignedTenantConfig Sign(string tenant, long version, JsonElement document, DateTimeOffset at, string by)
    {
        var current = options.CurrentValue;
        var key = KeyOf(current, current.CurrentKeyId)
            ?? throw new InvalidOperationException(
                $"{ConfigSigningOptions.Section}:Keys has no key '{current.CurrentKeyId}' (CurrentKeyId).");
        return new SignedTenantConfig(
            tenant, version, document, at, by, current.CurrentKeyId, Mac(key, tenant, version, document));
    }

    /// <summary>Whether the signature is the HMAC of this tenant, version and document under a key we hold.</summary>
    public bool Verify(SignedTenantConfig signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        if (KeyOf(options.CurrentValue, signed.KeyId) is not { } key || signed.Signature is null)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (!Convert.TryFromBase64String(signed.Signature, given, out var written) || written != 32)
        {
            return false;
        }

        var expected = Convert.FromBase64String(Mac(key, signed.Tenant, signed.Version, signed.Document));
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Mac(byte[] key, string tenant, long version, JsonElement document)
    {
        var payload = new JsonObject
        {
            ["tenant"] = tenant,
            ["version"] = version,
            ["document"] = JsonNode.Parse(document.GetRawText()),
        };
        return Convert.ToBase64String(HMACSHA256.HashData(key, CanonicalJson.Bytes(payload)));
    }

    private static byte[]? KeyOf(ConfigSigningOptions options, string? keyId) =>
        keyId is not null
        && options.Keys.TryGetValue(keyId, out var secret)
        && Encoding.UTF8.GetByteCount(secret) >= ConfigSigningOptions.MinKeyBytes
            ? Encoding.UTF8.GetBytes(secret)
            : null;
}
