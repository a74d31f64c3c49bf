using System.Collections.Concurrent;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>An actor's identity: its type and id (daprd writes it <c>type||id</c>).</summary>
internal readonly record struct ActorKey(string Type, string Id)
{
    public override string ToString() => $"{Type}||{Id}";
}

/// <summary>
/// The single live activation of an actor, on the app instance placement chose. Owns the turn lock and the actor's
/// timers; deactivation cancels <see cref="Lifetime"/>, which stops the timers.
/// </summary>
internal sealed class ActorActivation(ActorKey key, string hostInstance, ActorTypeSettings settings, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private long _lastUsedTicks = time.GetUtcNow().UtcTicks;
    private int _deactivated;

    public ActorKey Key { get; } = key;

    /// <summary>The <see cref="Engine.Sidecar.InstanceName"/> of the sidecar whose app holds the activation.</summary>
    public string HostInstance { get; } = hostInstance;

    public ActorTypeSettings Settings { get; } = settings;

    public ActorTurnLock Turns { get; } = new();

    public ConcurrentDictionary<string, CancellationTokenSource> Timers { get; } = new(StringComparer.Ordinal);

    public CancellationToken Lifetime => _lifetime.Token;

    public bool IsDeactivated => Volatile.Read(ref _deactivated) != 0;

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    public void Touch() => Interlocked.Exchange(ref _lastUsedTicks, time.GetUtcNow().UtcTicks);

    public bool IsIdle(DateTimeOffset now) => Turns.Pending == 0 && now - LastUsed >= Settings.IdleTimeout;

    /// <summary>Marks the activation gone and stops its timers; true for the caller that did it first.</summary>
    public bool MarkDeactivated()
    {
        if (Interlocked.Exchange(ref _deactivated, 1) != 0)
        {
            return false;
        }

        _lifetime.Cancel();
        Timers.Clear();
        return true;
    }

    public void Dispose() => _lifetime.Dispose();
}
