using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// Where reminders live. daprd 1.15 and later keep actor reminders in the Scheduler control-plane service, one job per
/// reminder in the Scheduler's own embedded etcd, and never in the actor state store (dapr/dapr v1.17.0
/// <c>pkg/actors/reminders/reminders.go</c>: every operation goes to <c>scheduler.Interface</c>;
/// <c>pkg/actors/internal/scheduler/scheduler.go</c>: <c>ScheduleJob</c> with <c>Overwrite</c> true unless the
/// registration sets it, <c>DeleteJob</c>, <c>GetJob</c>, <c>ListJobs</c>). So a create replaces a job of the same name
/// (unless it says <c>overwrite: false</c>) and a delete removes, each one write with no read first, and the app's actor
/// state store sees nothing of them. The Scheduler outlives sidecars and apps (<c>dapr init</c> runs it as a container
/// with a volume), so its jobs are kept in <c>scheduler.db</c> in the emulator's working directory, and in memory when
/// it has none.
/// </summary>
internal sealed class SchedulerReminderStore : IAsyncDisposable
{
    public const string FileName = "scheduler.db";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<(string Type, string Id, string Name), ReminderRecord> _jobs = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly string? _file;
    private SqliteConnection? _connection;
    private bool _closed;

    public SchedulerReminderStore(string? directory) =>
        _file = directory is null ? null : Path.Combine(directory, FileName);

    /// <summary>
    /// Creates the reminder's job, or replaces one of the same name when <paramref name="overwrite"/> (go-etcd-cron
    /// v0.12.4 <c>Add</c> and <c>AddIfNotExists</c>); false when the job exists and may not be replaced.
    /// </summary>
    public Task<bool> PutAsync(ReminderRecord record, bool overwrite, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            await using var put = connection.CreateCommand();
            put.CommandText = """
                INSERT INTO jobs (type, id, name, job) VALUES ($type, $id, $name, $job)
                ON CONFLICT (type, id, name) DO UPDATE SET job = excluded.job
                """;
            Bind(put, record.ActorType, record.ActorId, record.Name);
            put.Parameters.AddWithValue("$job", JsonSerializer.Serialize(record, Json));
            await put.ExecuteNonQueryAsync(cancellationToken);
        }, () =>
        {
            var key = (record.ActorType, record.ActorId, record.Name);
            if (!overwrite && _jobs.ContainsKey(key))
            {
                return false;
            }

            _jobs[key] = record;
            return true;
        }, cancellationToken);

    /// <summary>
    /// Deletes the reminder's job; with <paramref name="registeredTime"/>, only that registration of it (a job that ran
    /// out is not taken for one that replaced it meanwhile).
    /// </summary>
    public Task DeleteAsync(ActorKey key, string name, DateTimeOffset? registeredTime, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM jobs WHERE type = $type AND id = $id AND name = $name";
            Bind(delete, key.Type, key.Id, name);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }, () => _jobs.TryGetValue((key.Type, key.Id, name), out var current)
                 && (registeredTime is not { } at || current.RegisteredTime == at)
                 && _jobs.TryRemove((key.Type, key.Id, name), out _), cancellationToken);

    public async Task<ReminderRecord?> GetAsync(ActorKey key, string name, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        return _jobs.GetValueOrDefault((key.Type, key.Id, name));
    }

    /// <summary>Every job of an actor type (scheduled when a sidecar hosting the type connects).</summary>
    public async Task<IReadOnlyList<ReminderRecord>> ListAsync(string actorType, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        return [.. _jobs.Where(j => j.Key.Type == actorType).Select(j => j.Value)];
    }

    /// <summary>Closes the file after the write in progress, if any (the semaphore needs no disposal).</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.WaitAsync();
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            _closed = true;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static void Bind(SqliteCommand command, string type, string id, string name)
    {
        command.Parameters.AddWithValue("$type", type);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$name", name);
    }

    /// <summary>
    /// One change, serialised: <paramref name="change"/> applies it to the jobs in memory and says whether it changed
    /// anything; if so, <paramref name="write"/> makes it durable.
    /// </summary>
    private async Task<bool> WriteAsync(Func<SqliteConnection, Task> write, Func<bool> change, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var changed = change();
            if (changed && _connection is not null)
            {
                await write(_connection);
            }

            return changed;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Opens the file once and reads the jobs it holds (the Scheduler's jobs from earlier runs).</summary>
    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_file is null || _connection is not null || _closed)
        {
            return;
        }

        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not null || _closed)
            {
                return;
            }

            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using (var create = connection.CreateCommand())
            {
                create.CommandText = """
                    PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;
                    CREATE TABLE IF NOT EXISTS jobs (
                      type TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, job TEXT NOT NULL,
                      PRIMARY KEY (type, id, name))
                    """;
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT job FROM jobs";
                await using var rows = await read.ExecuteReaderAsync(cancellationToken);
                while (await rows.ReadAsync(cancellationToken))
                {
                    if (JsonSerializer.Deserialize<ReminderRecord>(rows.GetString(0), Json) is { } job)
                    {
                        _jobs[(job.ActorType, job.ActorId, job.Name)] = job;
                    }
                }
            }

            _connection = connection;
        }
        finally
        {
            _writer.Release();
        }
    }
}
