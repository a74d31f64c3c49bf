using Microsoft.Data.Sqlite;

namespace DaprSupport.Testing;

/// <summary>
/// Another writer holding a sqlite database (<c>BEGIN EXCLUSIVE</c>) until disposed, as a second process would. The
/// connection is not pooled: a pooled one would go back to the pool with its transaction still open.
/// </summary>
public sealed class SqliteWriterLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteWriterLock(SqliteConnection connection) => _connection = connection;

    public static async Task<SqliteWriterLock> TakeAsync(string file)
    {
        var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync();
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
            return new SqliteWriterLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closing the connection ends its transaction.</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
