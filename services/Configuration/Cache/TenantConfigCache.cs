using System.Collections.Concurrent;
using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Signing;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Configuration.Cache;

/// <summary>
/// This replica's copy of every tenant's configuration: what the hot path reads (never the store). A version is
/// applied only if its signature verifies and it is newer than the one held; a refused one leaves the last good
/// version in place, is logged and counted (<c>support_config_rejected_total</c>).
/// </summary>
public sealed class TenantConfigCache(TenantConfigSigner signer, ILogger<TenantConfigCache> logger)
{
    private readonly ConcurrentDictionary<string, TenantConfigSnapshot> _tenants = new(StringComparer.Ordinal);
    private readonly object _apply = new();

    /// <summary>Raised after a tenant's new version is applied (argument: the tenant).</summary>
    public event Action<TenantConfigSnapshot>? Changed;

    public bool TryGet(string tenant, out TenantConfigSnapshot snapshot) => _tenants.TryGetValue(tenant, out snapshot!);

    public long VersionOf(string tenant) => _tenants.TryGetValue(tenant, out var s) ? s.Version : 0;

    /// <summary>Applies a signed version if it verifies and is newer; returns whether it was applied.</summary>
    public bool TryApply(SignedTenantConfig signed, string source)
    {
        ArgumentNullException.ThrowIfNull(signed);
        if (!signer.Verify(signed))
        {
            Reject(signed, "signature");
            return false;
        }

        var (document, errors) = ConfigDocuments.Read(signed.Document);
        if (document is null)
        {
            Reject(signed, "document");
            logger.LogWarning(
                "Configuration version {Version} of tenant {Tenant} is signed but invalid: {Errors}",
                signed.Version, signed.Tenant, errors);
            return false;
        }

        var snapshot = new TenantConfigSnapshot(signed, document);
        lock (_apply)
        {
            if (VersionOf(signed.Tenant) >= signed.Version)
            {
                return false;
            }

            _tenants[signed.Tenant] = snapshot;
        }

        ConfigMetrics.Applied.WithLabels(source).Inc();
        Changed?.Invoke(snapshot);
        return true;
    }

    private void Reject(SignedTenantConfig signed, string reason)
    {
        ConfigMetrics.Rejected.WithLabels(signed.Tenant, reason).Inc();
        logger.LogError(
            "Refused configuration version {Version} of tenant {Tenant} (key id {KeyId}): bad {Reason}; "
            + "keeping version {Kept}.",
            signed.Version, signed.Tenant, signed.KeyId, reason, VersionOf(signed.Tenant));
    }
}
