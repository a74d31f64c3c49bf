using System.Text.Json;

namespace DaprSupport.Configuration.Signing;

/// <summary>
/// A tenant's configuration as stored and as sent in change events: the document, its version (monotonic per
/// tenant), who wrote it and when, and an HMAC-SHA256 (<see cref="Signature"/>, base64) by key <see cref="KeyId"/>
/// over the canonical JSON of tenant, version and document.
/// </summary>
public sealed record SignedTenantConfig(
    string Tenant,
    long Version,
    JsonElement Document,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    string KeyId,
    string Signature);
