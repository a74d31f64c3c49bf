using System.Collections.Concurrent;
using System.Threading.Channels;
using Dapr.Actors;
using Dapr.Actors.Runtime;

namespace DaprSupport.Emulator.Tests.Actors;

public interface ITestActor : IActor
{
    Task<string> Echo(string text);

    Task<string> WhereAmI();

    Task<int> Increment();

    /// <summary>Reads "count" without writing: null when the state manager says there is none.</summary>
    Task<int?> Peek();

    /// <summary>Removes "count" through the state manager; true when it thought there was one to remove.</summary>
    Task<bool> Forget();

    Task Busy();

    Task Rendezvous(string meeting);

    Task Fail(string message);

    Task<string> CallSelf(string text);

    Task StartTimer(string name, int periodMs);

    Task StopTimer(string name);

    Task StartReminder(string name, int dueMs, int periodMs);
}

/// <summary>The app that hosts an actor, injected so tests can see where placement put it.</summary>
public sealed record HostIdentity(string AppId);

/// <summary>
/// Signals from actors to tests, keyed by actor id (each test uses unique ids), so tests await events instead of
/// sleeping.
/// </summary>
public static class ActorSignals
{
    private static readonly ConcurrentDictionary<string, Probe> Probes = new(StringComparer.Ordinal);

    public static Probe For(string actorId) => Probes.GetOrAdd(actorId, _ => new Probe());

    public sealed class Probe
    {
        private int _inside;
        private int _maxInside;
        private int _activations;

        public TaskCompletionSource Deactivated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Channel<string> Timers { get; } = Channel.CreateUnbounded<string>();

        public Channel<(string Name, string Data, int Activation)> Reminders { get; } = Channel.CreateUnbounded<(string, string, int)>();

        public int MaxInside => Volatile.Read(ref _maxInside);

        public int Activations => Volatile.Read(ref _activations);

        internal void Activated() => Interlocked.Increment(ref _activations);

        internal void Enter()
        {
            var now = Interlocked.Increment(ref _inside);
            int seen;
            while (now > (seen = Volatile.Read(ref _maxInside)) && Interlocked.CompareExchange(ref _maxInside, now, seen) != seen)
            {
            }
        }

        internal void Leave() => Interlocked.Decrement(ref _inside);
    }

    private static readonly ConcurrentDictionary<string, Meeting> Meetings = new(StringComparer.Ordinal);

    /// <summary>Two callers meet: each arrives and waits for the other, so it completes only if both run at once.</summary>
    public static Task MeetAsync(string meeting) => Meetings.GetOrAdd(meeting, _ => new Meeting()).ArriveAsync();

    private sealed class Meeting
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) == 2)
            {
                _both.TrySetResult();
            }

            return _both.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}

public sealed class TestActor(ActorHost host, HostIdentity identity) : Actor(host), ITestActor, IRemindable
{
    private ActorSignals.Probe Probe => ActorSignals.For(Id.GetId());

    protected override Task OnActivateAsync()
    {
        Probe.Activated();
        return Task.CompletedTask;
    }

    protected override Task OnDeactivateAsync()
    {
        Probe.Deactivated.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<string> Echo(string text) => Task.FromResult(text);

    public Task<string> WhereAmI() => Task.FromResult(identity.AppId);

    public async Task<int> Increment()
    {
        var count = await StateManager.GetOrAddStateAsync("count", 0) + 1;
        await StateManager.SetStateAsync("count", count);
        return count;
    }

    public async Task<int?> Peek()
    {
        var count = await StateManager.TryGetStateAsync<int>("count");
        return count.HasValue ? count.Value : null;
    }

    public Task<bool> Forget() => StateManager.TryRemoveStateAsync("count");

    public async Task Busy()
    {
        Probe.Enter();
        await Task.Yield();
        await Task.Delay(1);
        Probe.Leave();
    }

    public Task Rendezvous(string meeting) => ActorSignals.MeetAsync(meeting);

    /// <summary>Calls this same actor through a proxy: completes only when reentrancy lets the nested call in.</summary>
    public Task<string> CallSelf(string text) => ProxyFactory.CreateActorProxy<ITestActor>(Id, Host.ActorTypeInfo.ActorTypeName).Echo(text);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task StartTimer(string name, int periodMs) =>
        RegisterTimerAsync(name, nameof(OnTimer), System.Text.Encoding.UTF8.GetBytes(name), TimeSpan.Zero, TimeSpan.FromMilliseconds(periodMs));

    public Task StopTimer(string name) => UnregisterTimerAsync(name);

    public Task StartReminder(string name, int dueMs, int periodMs) =>
        RegisterReminderAsync(name, System.Text.Encoding.UTF8.GetBytes("data-" + name), TimeSpan.FromMilliseconds(dueMs),
            periodMs > 0 ? TimeSpan.FromMilliseconds(periodMs) : Timeout.InfiniteTimeSpan);

    public Task OnTimer(byte[] data) => Probe.Timers.Writer.WriteAsync(System.Text.Encoding.UTF8.GetString(data)).AsTask();

    public Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period) =>
        Probe.Reminders.Writer.WriteAsync((reminderName, System.Text.Encoding.UTF8.GetString(state), Probe.Activations)).AsTask();
}
