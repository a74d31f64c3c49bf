using Microsoft.IdentityModel.Tokens;

namespace DaprSupport.Tenancy;

/// <summary>
/// The configured signing keys by <c>kid</c>: which one signs now, and which validate a token's <c>kid</c>. Pure:
/// every decision takes the current time.
/// </summary>
public sealed class SigningKeyRing
{
    private readonly IReadOnlyList<(SigningKeyOptions Options, SymmetricSecurityKey Key)> _keys;

    public SigningKeyRing(IEnumerable<SigningKeyOptions> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys.Select(k => (k, new SymmetricSecurityKey(Decode(k)) { KeyId = k.Id })).ToList();
    }

    /// <summary>Why the configured keys are unusable, or null when they are fine.</summary>
    public static string? Problem(IReadOnlyList<SigningKeyOptions> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return $"{TokenOptions.Section}:SigningKeys is required: at least one {{Id, Key}}.";
        }

        foreach (var key in keys)
        {
            if (string.IsNullOrWhiteSpace(key.Id))
            {
                return $"{TokenOptions.Section}:SigningKeys: every key needs an Id (the tokens' kid).";
            }

            if (!TryDecode(key.Key, out var bytes) || bytes.Length < TokenOptions.MinKeyBytes)
            {
                return $"{TokenOptions.Section}:SigningKeys:{key.Id}: Key must be base64 of at least "
                    + $"{TokenOptions.MinKeyBytes} random bytes.";
            }
        }

        return keys.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count() == keys.Count
            ? null
            : $"{TokenOptions.Section}:SigningKeys: key ids must be unique.";
    }

    /// <summary>The key that signs at <paramref name="now"/>: the newest active one.</summary>
    public SymmetricSecurityKey Signing(DateTimeOffset now)
    {
        var active = _keys.Select((k, i) => (k, i))
            .Where(x => (x.k.Options.NotBefore is not { } nb || nb <= now) && Valid(x.k.Options, now))
            .OrderBy(x => x.k.Options.NotBefore ?? DateTimeOffset.MinValue).ThenBy(x => x.i)
            .Select(x => x.k.Key)
            .LastOrDefault();
        return active ?? throw new InvalidOperationException(
            $"{TokenOptions.Section}:SigningKeys has no key active now.");
    }

    /// <summary>
    /// The key a token's <c>kid</c> names, if it is listed and not retired; an unknown kid validates nothing.
    /// </summary>
    public IEnumerable<SecurityKey> Validating(string? kid, DateTimeOffset now) =>
        _keys.Where(k => string.Equals(k.Options.Id, kid, StringComparison.Ordinal) && Valid(k.Options, now))
            .Select(k => k.Key);

    private static bool Valid(SigningKeyOptions key, DateTimeOffset now) => key.NotAfter is not { } na || now < na;

    private static byte[] Decode(SigningKeyOptions key) =>
        TryDecode(key.Key, out var bytes) ? bytes : throw new InvalidOperationException(Problem([key]));

    private static bool TryDecode(string? value, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
