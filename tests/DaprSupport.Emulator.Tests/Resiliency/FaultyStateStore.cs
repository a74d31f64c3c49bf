using DaprSupport.DaprEmulator.State;

namespace DaprSupport.Emulator.Tests.Resiliency;

/// <summary>
/// A state store wrapper (installed through the emulator's internal store decorator hook) that fails its next N calls
/// or answers slowly, counting the calls that reach it.
/// </summary>
internal sealed class FaultyStateStore(IStateStore inner) : IStateStore
{
    private int _failuresLeft;
    private int _calls;

    public string Name => inner.Name;

    public bool IsActorStateStore => inner.IsActorStateStore;

    /// <summary>How long each call takes before it reaches the real store (cancellable, as a real client call is).</summary>
    public TimeSpan Delay { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Resets the call count and makes the next <paramref name="failures"/> calls throw.</summary>
    public void Arm(int failures)
    {
        Volatile.Write(ref _calls, 0);
        Volatile.Write(ref _failuresLeft, failures);
    }

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return await inner.GetAsync(key, cancellationToken);
    }

    public async Task SetAsync(StateSetRequest request, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        await inner.SetAsync(request, cancellationToken);
    }

    public async Task DeleteAsync(StateDeleteRequest request, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        await inner.DeleteAsync(request, cancellationToken);
    }

    public async Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        await inner.TransactAsync(operations, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        int left;
        while ((left = Volatile.Read(ref _failuresLeft)) > 0)
        {
            if (Interlocked.CompareExchange(ref _failuresLeft, left - 1, left) == left)
            {
                throw new InvalidOperationException("injected store failure");
            }
        }
    }
}
