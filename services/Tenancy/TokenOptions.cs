namespace DaprSupport.Tenancy;

/// <summary>
/// Section <c>Tokens</c>: the gateway's HS256 signing key (at least 32 bytes; from a secret in
/// production, required outside Development) and the token lifetimes.
/// </summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>The shortest key HS256 accepts (256 bits).</summary>
    public const int MinKeyBytes = 32;

    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "daprsupport";

    public string Audience { get; set; } = "daprsupport";

    public TimeSpan StaffLifetime { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan VisitorLifetime { get; set; } = TimeSpan.FromHours(24);
}
