using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// <c>state.sqlite</c> through Microsoft.Data.Sqlite. The table follows components-contrib's layout (key, value, etag,
/// expiration_time, update_time) with two deliberate simplifications: the value is a BLOB of the bytes as given
/// (contrib keeps TEXT plus an is_binary flag) and times are Unix milliseconds (contrib uses timestamps), which keeps
/// expiry comparisons exact. ETags are random UUIDs, as in contrib. Every operation runs in one SQL transaction on
/// one connection behind a gate, so ETag checks and writes are atomic. Expired rows are skipped by reads and deleted
/// only when <c>cleanupInterval</c> is set (contrib's default is 0, never).
/// </summary>
internal sealed partial class SqliteStateStore : IStateStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _table;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _cleanup;

    private SqliteStateStore(string name, bool isActorStateStore, SqliteConnection connection, string table, TimeProvider time, TimeSpan cleanupInterval, string file)
    {
        DataSource = file == ":memory:" ? null : file;
        Name = name;
        IsActorStateStore = isActorStateStore;
        _connection = connection;
        _table = table;
        _time = time;
        _cleanup = cleanupInterval > TimeSpan.Zero ? CleanUpEveryAsync(cleanupInterval) : Task.CompletedTask;
    }

    /// <summary>contrib's default <c>busyTimeout</c> (common/authentication/sqlite/metadata.go).</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The database file (full path), or null for an in-memory database.</summary>
    public string? DataSource { get; }

    public string Name { get; }

    public bool IsActorStateStore { get; }

    /// <summary>Opens the database and creates the table when missing.</summary>
    /// <param name="cleanupInterval">contrib's <c>cleanupInterval</c>: how often expired rows are deleted (zero: never, contrib's default).</param>
    /// <param name="busyTimeout">
    /// contrib's <c>busyTimeout</c> (default <see cref="DefaultBusyTimeout"/>; zero or less: none): how long a statement
    /// waits for a database another connection holds before it fails. contrib's driver (modernc.org/sqlite) fails then;
    /// Microsoft.Data.Sqlite would retry a busy statement until its command timeout (30 s by default), so the command
    /// timeout is its shortest (1 s), which a busy wait of 1 s or more always outlasts.
    /// </param>
    public static async Task<SqliteStateStore> OpenAsync(
        string name, bool isActorStateStore, string connectionString, string? tableName, string workingDirectory, TimeProvider time, CancellationToken cancellationToken,
        bool disableWal = false, TimeSpan cleanupInterval = default, TimeSpan? busyTimeout = null)
    {
        var table = string.IsNullOrEmpty(tableName) ? "state" : tableName;
        if (!TableNamePattern().IsMatch(table))
        {
            throw new ArgumentException($"invalid table name '{table}': only letters, digits and underscores are allowed");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ToAdoConnectionString(connectionString, workingDirectory))
        {
            DefaultTimeout = 1,
        }.ToString());
        var busyMilliseconds = Math.Max(0, (long)(busyTimeout ?? DefaultBusyTimeout).TotalMilliseconds);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var pragma = connection.CreateCommand())
            {
                // As Dapr's sqlite component: write-ahead logging unless disableWAL (ignored for in-memory databases),
                // which makes each commit one append instead of a rollback-journal round.
                pragma.CommandText = disableWal || connection.DataSource is "" or ":memory:"
                    ? $"PRAGMA busy_timeout = {busyMilliseconds};"
                    : $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA journal_mode = WAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var create = connection.CreateCommand();
            create.CommandText = $"""
                CREATE TABLE IF NOT EXISTS "{table}" (
                  key TEXT NOT NULL PRIMARY KEY,
                  value BLOB NOT NULL,
                  etag TEXT NOT NULL,
                  expiration_time INTEGER NULL,
                  update_time INTEGER NOT NULL)
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
            return new SqliteStateStore(name, isActorStateStore, connection, table, time, cleanupInterval, ResolveDataSource(connectionString, workingDirectory));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Accepts what Dapr's sqlite component takes: a file path (<c>data.db</c>), a URI (<c>file:data.db?…</c>),
    /// <c>:memory:</c>, or a full ADO.NET connection string. Relative paths resolve against the working directory.
    /// </summary>
    internal static string ToAdoConnectionString(string connectionString, string workingDirectory)
    {
        if (connectionString.Contains('=', StringComparison.Ordinal) && !connectionString.StartsWith("file:", StringComparison.Ordinal))
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            builder.DataSource = ResolvePath(builder.DataSource, workingDirectory);
            return builder.ToString();
        }

        var path = connectionString.StartsWith("file:", StringComparison.Ordinal) ? connectionString["file:".Length..] : connectionString;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        return path is ":memory:" or ""
            ? new SqliteConnectionStringBuilder { DataSource = "emulator-" + Guid.NewGuid().ToString("N"), Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }.ToString()
            : new SqliteConnectionStringBuilder { DataSource = ResolvePath(path, workingDirectory) }.ToString();
    }

    /// <summary>The full path of the database file the connection string opens from the directory (":memory:" for an in-memory one).</summary>
    internal static string ResolveDataSource(string connectionString, string workingDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(ToAdoConnectionString(connectionString, workingDirectory));
        return builder.Mode == SqliteOpenMode.Memory ? ":memory:" : builder.DataSource;
    }

    private static string ResolvePath(string path, string workingDirectory) =>
        path is ":memory:" or "" || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(workingDirectory, path));

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await ReadLiveAsync(key, null, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task SetAsync(StateSetRequest request, CancellationToken cancellationToken) =>
        TransactAsync([new StateUpsert(request)], cancellationToken);

    public Task DeleteAsync(StateDeleteRequest request, CancellationToken cancellationToken) =>
        TransactAsync([new StateDelete(request)], cancellationToken);

    public async Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            var now = _time.GetUtcNow();
            foreach (var op in operations)
            {
                // Ops see the effects of earlier ops in the same transaction, as in a SQL transaction in contrib.
                var current = await ReadLiveAsync(op.Key, tx, cancellationToken);
                StateETagCheck.Verify(op, current?.ETag);
                await using var cmd = _connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.Parameters.AddWithValue("$key", op.Key);
                switch (op)
                {
                    case StateUpsert { Request: var r }:
                        cmd.CommandText = $"""
                            INSERT INTO "{_table}" (key, value, etag, expiration_time, update_time) VALUES ($key, $value, $etag, $expires, $now)
                            ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag,
                              expiration_time = excluded.expiration_time, update_time = excluded.update_time
                            """;
                        cmd.Parameters.AddWithValue("$value", r.Value.ToArray());
                        cmd.Parameters.AddWithValue("$etag", Guid.NewGuid().ToString());
                        cmd.Parameters.AddWithValue("$expires", (object?)StateETagCheck.ExpiryOf(r, now)?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                        break;
                    case StateDelete:
                        cmd.CommandText = $"""DELETE FROM "{_table}" WHERE key = $key""";
                        break;
                }

                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The row for the key, or null when absent or expired (an expired row stays until a write replaces it).</summary>
    private async Task<StateEntry?> ReadLiveAsync(string key, SqliteTransaction? tx, CancellationToken cancellationToken)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""SELECT value, etag, expiration_time FROM "{_table}" WHERE key = $key""";
        cmd.Parameters.AddWithValue("$key", key);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        DateTimeOffset? expires = await reader.IsDBNullAsync(2, cancellationToken) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
        if (expires is { } at && at <= _time.GetUtcNow())
        {
            return null;
        }

        return new StateEntry(key, (byte[])reader.GetValue(0), reader.GetString(1), expires);
    }

    /// <summary>Deletes the rows whose TTL has passed (reads already skip them); returns how many.</summary>
    internal async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"""DELETE FROM "{_table}" WHERE expiration_time IS NOT NULL AND expiration_time <= $now""";
            cmd.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            return await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _cleanup;
        await _connection.DisposeAsync();
        _gate.Dispose();
        _stopping.Dispose();
    }

    /// <summary>As contrib's sqlite cleanup: every interval, one DELETE of the expired rows.</summary>
    private async Task CleanUpEveryAsync(TimeSpan interval)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, _stopping.Token);
                try
                {
                    await DeleteExpiredAsync(_stopping.Token);
                }
                catch (SqliteException)
                {
                    // A busy or failing database: try again at the next interval, as contrib logs and carries on.
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Store closing.
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex TableNamePattern();
}
