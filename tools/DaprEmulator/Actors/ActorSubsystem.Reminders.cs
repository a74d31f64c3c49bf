using System.Collections.Concurrent;
using System.Net.Http.Json;
using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.State;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Actors;

// Actor reminders: persisted in the actor state store, fired on whichever app hosts the actor, activating it.
public sealed partial class ActorSubsystem
{
    private readonly ConcurrentDictionary<(ActorKey Actor, string Name), CancellationTokenSource> _reminders = new();
    private readonly ConcurrentDictionary<string, bool> _reminderTypesLoaded = new(StringComparer.Ordinal);

    /// <summary>Creates (or replaces) a reminder; only a sidecar whose app hosts the type may.</summary>
    internal async Task CreateReminderAsync(string callerAppId, ActorKey key, string name, ReminderRequest request, CancellationToken cancellationToken)
    {
        var store = ReminderStoreFor(callerAppId, key.Type);
        var now = _time.GetUtcNow();
        ReminderRecord record;
        try
        {
            var schedule = ActorSchedule.Parse(request.DueTime, request.Period, request.Ttl, now);
            record = new ReminderRecord(key.Id, key.Type, name, request.Data, request.Period ?? string.Empty, request.DueTime ?? string.Empty, now, schedule.ExpiresAt);
        }
        catch (FormatException ex)
        {
            throw new ActorApiException(500, DaprError.ActorReminderCreate, $"error creating actor reminder: {ex.Message}");
        }

        await WriteRemindersAsync(store, key, list =>
        {
            list.RemoveAll(r => r.ActorId == key.Id && r.Name == name);
            list.Add(record);
            return true;
        }, cancellationToken);
        StartReminder(record, store);
    }

    internal async Task<ReminderRecord?> GetReminderAsync(string callerAppId, ActorKey key, string name, CancellationToken cancellationToken)
    {
        var store = ReminderStoreFor(callerAppId, key.Type);
        var reminders = await ActorReminderStore.LoadForActorAsync(store, key.Type, key.Id, cancellationToken);
        return reminders.FirstOrDefault(r => r.ActorId == key.Id && r.Name == name);
    }

    internal async Task DeleteReminderAsync(string callerAppId, ActorKey key, string name, CancellationToken cancellationToken)
    {
        var store = ReminderStoreFor(callerAppId, key.Type);
        if (_reminders.TryRemove((key, name), out var running))
        {
            await running.CancelAsync();
        }

        await WriteRemindersAsync(store, key, list => list.RemoveAll(r => r.ActorId == key.Id && r.Name == name) > 0, cancellationToken);
    }

    /// <summary>Schedules the stored reminders of a type the first time an app hosting it connects.</summary>
    private async Task LoadRemindersAsync(string actorType, string hostAppId, CancellationToken cancellationToken)
    {
        var store = Host.Components.FindActorStateStore(hostAppId);
        if (store is null || !_reminderTypesLoaded.TryAdd(actorType, true))
        {
            return;
        }

        foreach (var record in await ActorReminderStore.LoadAllAsync(store, actorType, cancellationToken))
        {
            StartReminder(record, store);
        }
    }

    private IStateStore ReminderStoreFor(string callerAppId, string actorType)
    {
        if (!HostsType(callerAppId, actorType))
        {
            throw ActorApiException.ReminderNotHosted();
        }

        return Host.Components.FindActorStateStore(callerAppId) ?? throw ActorApiException.RuntimeNotFound();
    }

    private static Task WriteRemindersAsync(IStateStore store, ActorKey key, Func<List<ReminderRecord>, bool> change, CancellationToken cancellationToken) =>
        ActorReminderStore.UpdateAsync(store, key.Type, key.Id, change, cancellationToken);

    private void StartReminder(ReminderRecord record, IStateStore store)
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
        _ = RunReminderAsync(record, schedule, store, cts);
    }

    private async Task RunReminderAsync(ReminderRecord record, ActorSchedule schedule, IStateStore store, CancellationTokenSource cts)
    {
        var key = record.Actor;
        var path = $"actors/{key.Type}/{key.Id}/method/remind/{Uri.EscapeDataString(record.Name)}";
        var firing = new ReminderFiring(record.Data, record.DueTime, record.Period);
        var exhausted = await ActorScheduleRunner.RunAsync(schedule, _time, ct => FireReminderAsync(key, record.Name, path, firing, ct), cts.Token);
        if (exhausted && _reminders.TryRemove(new KeyValuePair<(ActorKey, string), CancellationTokenSource>((key, record.Name), cts)))
        {
            // Done (last repetition or TTL passed): remove it from the store, unless it was replaced meanwhile.
            try
            {
                await WriteRemindersAsync(store, key, list => list.RemoveAll(r => r.ActorId == key.Id && r.Name == record.Name && r.RegisteredTime == record.RegisteredTime) > 0, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Emulator stopping; the reminder stays stored.
            }
        }
    }

    private async Task FireReminderAsync(ActorKey key, string name, string path, ReminderFiring firing, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var response = await CallAsync(
                    key,
                    () => new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(firing) },
                    reentrancyId: null,
                    activate: true,
                    cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    Host.Logger.LogWarning("Reminder {Name} of actor {Actor} answered {Status}", name, key, (int)response.StatusCode);
                }

                return;
            }
            catch (ActorApiException ex)
            {
                // No app hosts the type right now: keep the reminder due and try again shortly.
                Host.Logger.LogDebug("Reminder {Name} of actor {Actor} could not fire yet: {Message}", name, key, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken);
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
