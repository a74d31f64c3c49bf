using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.DaprEmulator.Locks;

/// <summary>
/// <c>lock.redis</c> emulated in memory, as contrib's standalone Redis lock behaves: a lock is a key holding its owner
/// with the request's expiry (SET NX PX), so TryLock succeeds only while the key is absent — the owner asking again
/// fails too, and nothing extends a lock. Unlock deletes the key only for its owner (-1: no key, -2: another owner).
/// Keys are the sidecar's modified keys (<see cref="LockKeys"/>), so stores shared by apps keep their lock spaces apart.
/// </summary>
public sealed class InMemoryLockStore(ComponentSpec spec, TimeProvider time)
{
    private readonly Dictionary<string, (string Owner, DateTimeOffset ExpiresAt)> _locks = new(StringComparer.Ordinal);

    public string Name { get; } = spec.Name;

    /// <summary><c>keyPrefix</c> of the component: appid (default), name, none or a literal prefix.</summary>
    public string KeyPrefixStrategy { get; } = LockKeys.Strategy(spec);

    public bool TryLock(string key, string owner, int expiryInSeconds)
    {
        var now = time.GetUtcNow();
        lock (_locks)
        {
            if (_locks.TryGetValue(key, out var held) && held.ExpiresAt > now)
            {
                return false;
            }

            _locks[key] = (owner, now.AddSeconds(expiryInSeconds));
            return true;
        }
    }

    public LockStatus Unlock(string key, string owner)
    {
        var now = time.GetUtcNow();
        lock (_locks)
        {
            if (!_locks.TryGetValue(key, out var held) || held.ExpiresAt <= now)
            {
                _locks.Remove(key);
                return LockStatus.LockDoesNotExist;
            }

            if (held.Owner != owner)
            {
                return LockStatus.LockBelongsToOthers;
            }

            _locks.Remove(key);
            return LockStatus.Success;
        }
    }
}

/// <summary>The unlock statuses of the lock API (numbers as daprd's HTTP API writes them).</summary>
public enum LockStatus
{
    Success = 0,
    LockDoesNotExist = 1,
    LockBelongsToOthers = 2,
    InternalError = 3,
}
