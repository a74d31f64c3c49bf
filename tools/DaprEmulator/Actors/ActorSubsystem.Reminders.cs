using System.Collections.Concurrent;
using System.Net.Http.Json;
using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Actors;

// Actor reminders: kept by the Scheduler (SchedulerReminderStore), fired on whichever app hosts the actor, activating it.
public sealed partial class ActorSubsystem
{
    private readonly SchedulerReminderStore _scheduler = new(host.Options.WorkingDirectory);
    private readonly ConcurrentDictionary<(ActorKey Actor, string Name), CancellationTokenSource> _reminders = new();
    private readonly ConcurrentDictionary<string, bool> _reminderTypesLoaded = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates a reminder, replacing one of the same name unless the request says <c>overwrite: false</c> (then 409
    /// <c>ERR_ACTOR_REMINDER_ALREADY_EXISTS</c>, as daprd 1.17 answers the Scheduler's AlreadyExists); only a sidecar
    /// whose app hosts the type may.
    /// </summary>
    internal async Task CreateReminderAsync(Sidecar caller, ActorKey key, string name, ReminderRequest request, CancellationToken cancellationToken)
    {
        RequireHosted(caller, key.Type);
        var now = _time.GetUtcNow();
        ReminderRecord record;
        try
        {
            ActorSchedule.ReminderEvery(request.Period);
            var schedule = ActorSchedule.Parse(request.DueTime, request.Period, request.Ttl, now);
            record = new ReminderRecord(
                key.Id, key.Type, name, request.Data, request.Period ?? string.Empty, request.DueTime ?? string.Empty, now,
                schedule.ExpiresAt, request.Ttl, request.FailurePolicy);
        }
        catch (FormatException ex)
        {
            throw new ActorApiException(500, DaprError.ActorReminderCreate, $"error creating actor reminder: {ex.Message}");
        }

        if (!await _scheduler.PutAsync(record, request.Overwrite ?? true, cancellationToken))
        {
            throw new ActorApiException(409, DaprError.ActorReminderAlreadyExists, $"actor reminder already exists: {name}");
        }

        StartReminder(record);
    }

    internal async Task<ReminderRecord?> GetReminderAsync(Sidecar caller, ActorKey key, string name, CancellationToken cancellationToken)
    {
        RequireHosted(caller, key.Type);
        return await _scheduler.GetAsync(key, name, cancellationToken);
    }

    internal async Task DeleteReminderAsync(Sidecar caller, ActorKey key, string name, CancellationToken cancellationToken)
    {
        RequireHosted(caller, key.Type);
        if (_reminders.TryRemove((key, name), out var running))
        {
            await running.CancelAsync();
        }

        await _scheduler.DeleteAsync(key, name, registeredTime: null, cancellationToken);
    }

    /// <summary>Schedules the Scheduler's reminders of a type the first time an app hosting it connects.</summary>
    private async Task LoadRemindersAsync(string actorType, CancellationToken cancellationToken)
    {
        if (!_reminderTypesLoaded.TryAdd(actorType, true))
        {
            return;
        }

        foreach (var record in await _scheduler.ListAsync(actorType, cancellationToken))
        {
            StartReminder(record);
        }
    }

    /// <summary>daprd: reminder operations only for actor types this sidecar's app hosts (<c>ErrReminderOpActorNotHosted</c>).</summary>
    private void RequireHosted(Sidecar caller, string actorType)
    {
        if (!HostsType(caller, actorType))
        {
            throw ActorApiException.ReminderNotHosted();
        }
    }

    private void StartReminder(ReminderRecord record)
    {
        ActorSchedule schedule;
        try
        {
            schedule = record.Schedule();
        }
        catch (FormatException ex)
        {
            Host.Logger.LogWarning("Stored reminder {Name} of actor {Actor} is not valid: {Message}", record.Name, record.Actor, ex.Message);
            return;
        }

        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var slot = (record.Actor, record.Name);
        _reminders.AddOrUpdate(slot, cts, (_, previous) =>
        {
            previous.Cancel();
            return cts;
        });
        _ = RunReminderAsync(record, schedule, cts);
    }

    private async Task RunReminderAsync(ReminderRecord record, ActorSchedule schedule, CancellationTokenSource cts)
    {
        var key = record.Actor;
        var path = $"actors/{key.Type}/{key.Id}/method/remind/{Uri.EscapeDataString(record.Name)}";
        // daprd 1.17 builds the trigger's reminder from the Scheduler's job: name, actor and data only, so the app is
        // sent empty dueTime and period (the .NET SDK reads both as zero).
        var firing = new ReminderFiring(record.Data, string.Empty, string.Empty);
        var policy = record.FailurePolicy ?? ReminderFailurePolicy.Default;
        var exhausted = await ActorScheduleRunner.RunAsync(
            schedule, _time, ct => FireReminderAsync(key, record.Name, path, firing, policy, ct), cts.Token);
        if (exhausted && _reminders.TryRemove(new KeyValuePair<(ActorKey, string), CancellationTokenSource>((key, record.Name), cts)))
        {
            // Done (last repetition or TTL passed): the Scheduler drops the job, unless it was replaced meanwhile.
            try
            {
                await _scheduler.DeleteAsync(key, record.Name, record.RegisteredTime, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Emulator stopping; the reminder stays stored.
            }
        }
    }

    /// <summary>
    /// One trigger of a reminder, as daprd 1.17 and the Scheduler handle it. The call into the app runs to its answer
    /// even if the reminder is deleted or replaced meanwhile (an actor commonly removes or re-registers its reminder in
    /// the callback): the trigger's context is the Scheduler stream's, and the turn is held until the app answers. A call
    /// that fails (an error, or an answer other than 200) is reported to the Scheduler as failed, and the job's failure
    /// policy (<see cref="ReminderFailurePolicy"/>) says whether it is triggered again, <see
    /// cref="ReminderFailurePolicy.Interval"/> after the time it was last due, unless the reminder is gone by then. A
    /// reminder no app hosts is undeliverable: it waits for a host without counting.
    /// </summary>
    private async Task FireReminderAsync(
        ActorKey key, string name, string path, ReminderFiring firing, ReminderFailurePolicy policy, CancellationToken scheduled)
    {
        var failures = 0;
        var due = _time.GetUtcNow();
        while (true)
        {
            string failure;
            try
            {
                using var response = await CallAsync(
                    key,
                    () => new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(firing) },
                    reentrancyId: null,
                    activate: true,
                    _stopping.Token);
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return;
                }

                failure = $"answered {(int)response.StatusCode}";
            }
            catch (ActorApiException ex) when (ex.NoHost)
            {
                Host.Logger.LogDebug("Reminder {Name} of actor {Actor} could not fire yet: {Message}", name, key, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, scheduled);
                due = _time.GetUtcNow();
                continue;
            }
            catch (ActorApiException ex)
            {
                failure = ex.Message;
            }

            failures++;
            if (!policy.TryAgain(failures))
            {
                Host.Logger.LogWarning("Reminder {Name} of actor {Actor} failed {Attempts} times ({Failure}); this trigger is dropped",
                    name, key, failures, failure);
                return;
            }

            due += policy.Interval;
            Host.Logger.LogWarning("Reminder {Name} of actor {Actor} failed ({Failure}); triggered again at {Due:O}",
                name, key, failure, due);
            var wait = due - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, scheduled);
            }
            else
            {
                await Task.Yield();
                scheduled.ThrowIfCancellationRequested();
            }
        }
    }

    private void StopReminders()
    {
        foreach (var cts in _reminders.Values)
        {
            cts.Cancel();
        }

        _reminders.Clear();
    }
}
