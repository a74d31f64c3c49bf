using System.Net.Http.Json;
using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Actors;

// Actor timers: in memory, owned by the activation, gone when it deactivates (actors-timers-reminders).
public sealed partial class ActorSubsystem
{
    /// <summary>Registers (or replaces) a timer of an actor active on the calling instance.</summary>
    internal void CreateTimer(Sidecar caller, ActorKey key, string name, TimerRequest request)
    {
        var activation = FindActivation(key);
        if (activation is null || activation.HostInstance != caller.InstanceName)
        {
            throw new ActorApiException(500, DaprError.ActorTimerCreate,
                $"error creating actor timer: can't create timer for actor {key}: actor not activated");
        }

        ActorSchedule schedule;
        try
        {
            schedule = ActorSchedule.Parse(request.DueTime, request.Period, request.Ttl, _time.GetUtcNow());
        }
        catch (FormatException ex)
        {
            throw new ActorApiException(500, DaprError.ActorTimerCreate, $"error creating actor timer: {ex.Message}");
        }

        var firing = new TimerFiring(request.Callback ?? string.Empty, request.Data, request.DueTime ?? string.Empty, request.Period ?? string.Empty);
        var timer = CancellationTokenSource.CreateLinkedTokenSource(activation.Lifetime, _stopping.Token);
        if (activation.Timers.TryRemove(name, out var previous))
        {
            previous.Cancel();
        }

        activation.Timers[name] = timer;
        _ = RunTimerAsync(activation, name, schedule, firing, timer);
    }

    /// <summary>Stops a timer; unknown timers are not an error (daprd answers 204 either way).</summary>
    internal void DeleteTimer(ActorKey key, string name)
    {
        if (FindActivation(key) is { } activation && activation.Timers.TryRemove(name, out var timer))
        {
            timer.Cancel();
        }
    }

    private async Task RunTimerAsync(ActorActivation activation, string name, ActorSchedule schedule, TimerFiring firing, CancellationTokenSource timer)
    {
        var path = $"actors/{activation.Key.Type}/{activation.Key.Id}/method/timer/{Uri.EscapeDataString(name)}";
        // The call runs to the app's answer even if the timer is deleted or replaced meanwhile (daprd's in-memory timers
        // call with context.TODO()): the turn is held until the app answers.
        await ActorScheduleRunner.RunAsync(schedule, _time, async _ =>
        {
            try
            {
                using var response = await CallAsync(
                    activation.Key,
                    () => new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(firing) },
                    reentrancyId: null,
                    activate: false,
                    _stopping.Token);
                if (!response.IsSuccessStatusCode)
                {
                    Host.Logger.LogWarning("Timer {Name} of actor {Actor} answered {Status}", name, activation.Key, (int)response.StatusCode);
                }
            }
            catch (ActorApiException ex)
            {
                Host.Logger.LogWarning("Timer {Name} of actor {Actor} failed: {Message}", name, activation.Key, ex.Message);
            }
        }, timer.Token);

        // Exhausted or expired timers are removed, as daprd does.
        activation.Timers.TryRemove(new KeyValuePair<string, CancellationTokenSource>(name, timer));
        timer.Dispose();
    }
}
