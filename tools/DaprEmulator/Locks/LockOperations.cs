using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.DaprEmulator.Locks;

/// <summary>
/// The lock API's steps in daprd's order (dapr pkg/api/universal/lock.go): TryLock checks the expiry first (so a bad
/// expiry wins over an unknown store), then that lock stores exist for this sidecar, the resource id, the owner and
/// the store; the resource id then becomes the store key (<see cref="LockKeys"/>).
/// </summary>
public static class LockOperations
{
    public static bool TryLock(EmulatorHost host, Sidecar sidecar, string storeName, string resourceId, string owner, int expiryInSeconds)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(sidecar);
        if (expiryInSeconds <= 0)
        {
            throw LockApiException.ExpiryNotPositive();
        }

        var store = Resolve(host, sidecar, storeName, resourceId, owner);
        var key = LockKeys.Modified(resourceId, storeName, store.KeyPrefixStrategy, sidecar.AppId) ?? throw LockApiException.TryLockFailed();
        return store.TryLock(key, owner, expiryInSeconds);
    }

    public static LockStatus Unlock(EmulatorHost host, Sidecar sidecar, string storeName, string resourceId, string owner)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(sidecar);
        var store = Resolve(host, sidecar, storeName, resourceId, owner);
        var key = LockKeys.Modified(resourceId, storeName, store.KeyPrefixStrategy, sidecar.AppId) ?? throw LockApiException.UnlockFailed();
        return store.Unlock(key, owner);
    }

    private static InMemoryLockStore Resolve(EmulatorHost host, Sidecar sidecar, string storeName, string resourceId, string owner)
    {
        if (!host.Components.HasLockStores(sidecar.AppId))
        {
            throw LockApiException.NotConfigured(storeName);
        }

        if (string.IsNullOrEmpty(resourceId))
        {
            throw LockApiException.ResourceIdEmpty();
        }

        if (string.IsNullOrEmpty(owner))
        {
            throw LockApiException.OwnerEmpty();
        }

        return host.Components.FindLockStore(storeName, sidecar.AppId) ?? throw LockApiException.NotFound(storeName);
    }
}
