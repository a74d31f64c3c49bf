namespace DaprSupport.Tenancy;

/// <summary>
/// Section <c>Tokens</c>: the HS256 signing keys shared by everything that issues or validates client tokens, and the
/// token lifetimes. Required outside Development; Development without keys uses a per-machine generated key
/// (<see cref="DevelopmentSigningKey"/>).
/// </summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>The shortest key HS256 accepts (256 bits).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>
    /// The keys, each with an id (the tokens' <c>kid</c>). The newest active one (latest <c>NotBefore</c>, then the
    /// last listed) signs; every listed key that has not passed its <c>NotAfter</c> validates — two during a
    /// rollover.
    /// </summary>
    public List<SigningKeyOptions> SigningKeys { get; init; } = [];

    public string Issuer { get; set; } = "daprsupport";

    public string Audience { get; set; } = "daprsupport";

    public TimeSpan StaffLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan VisitorLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after it expired a token may still be renewed (<c>POST /v1/auth/renew</c>).</summary>
    public TimeSpan RenewalGrace { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// One signing key: <c>Id</c> (the <c>kid</c>), <c>Key</c> (base64 of at least 32 random bytes), optional validity.
/// </summary>
public sealed class SigningKeyOptions
{
    public string? Id { get; set; }

    public string? Key { get; set; }

    /// <summary>
    /// Not used to sign before this instant (lets every replica learn a key before it signs with it).
    /// </summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>Neither signs nor validates from this instant (retire a key once its tokens have expired).</summary>
    public DateTimeOffset? NotAfter { get; set; }
}
