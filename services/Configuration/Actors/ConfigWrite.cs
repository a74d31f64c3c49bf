using System.Text.Json;
using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Signing;

namespace DaprSupport.Configuration.Actors;

/// <summary>
/// A new version of a tenant's document, written only if the stored version is still <paramref name="ExpectedVersion"/>
/// (0: the tenant has no document yet). <paramref name="By"/> is who asked, for the audit.
/// </summary>
public sealed record ConfigWrite(long ExpectedVersion, JsonElement Document, string By);

[System.Text.Json.Serialization.JsonConverter(
    typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ConfigWriteOutcome>))]
public enum ConfigWriteOutcome
{
    Written,
    Stale,
    Invalid,
}

/// <summary>
/// The answer to a write: the current signed version (new when written) and, when invalid, every field error.
/// </summary>
public sealed record ConfigWriteResult(
    ConfigWriteOutcome Outcome, SignedTenantConfig? Current, IReadOnlyList<ConfigError> Errors);

/// <summary>
/// The stored version, if the tenant has a document (wrapped so "none" crosses the actor boundary as a value).
/// </summary>
public sealed record ConfigRead(SignedTenantConfig? Current);

/// <summary>One audit entry: who wrote which version when, and the JSON pointers of what changed.</summary>
public sealed record ConfigAuditEntry(long Version, DateTimeOffset At, string By, IReadOnlyList<string> Changed);
