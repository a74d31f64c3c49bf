using System.Net;
using System.Net.Http.Json;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.State;
using DaprSupport.Testing;
using Microsoft.Data.Sqlite;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>
/// state.sqlite as each daprd opens it under <c>dapr run -f</c>: the CLI starts every daprd in its app's appDirPath
/// (dapr/cli cmd/run.go), and a relative database path resolves from there (contrib
/// common/authentication/sqlite/metadata.go passes it to SQLite as is); SQLite creates the file but not its folder.
/// And <c>cleanupInterval</c> (state/sqlite/sqlite_metadata.go, default 0 = never) deletes expired rows, and
/// <c>busyTimeout</c> (common/authentication/sqlite/metadata.go, default 2 s) bounds the wait for a database another
/// connection holds.
/// </summary>
public sealed class SqlitePathTests
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static string HistoryStore(string connectionString, string extra = "") => $$"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: historystore
        spec:
          type: state.sqlite
          version: v1
          metadata:
            - name: keyPrefix
              value: "name"
            - name: connectionString
              value: "{{connectionString}}"
        {{extra}}
        scopes: [ writer, reader ]
        """;

    /// <summary>The repository's run file and historystore: every app with the store in scope opens the same file.</summary>
    [Fact]
    public void Every_app_of_dapr_yaml_with_historystore_in_scope_resolves_the_same_database_file()
    {
        var root = RepoFiles.Root();
        var run = RunFileLoader.Load(Path.Combine(root, "dapr.yaml"));
        var resources = ResourceLoader.Load(run.Apps.SelectMany(a => a.ResourcesPaths).Distinct(), null);
        var history = Assert.Single(resources.Components, c => c.Name == "historystore");
        var apps = run.Apps.Where(a => history.IsVisibleTo(a.AppId)).ToList();
        Assert.Equal(["sessions"], apps.Select(a => a.AppId).Order(StringComparer.Ordinal));

        var files = apps.Select(a => SqliteStateStore.ResolveDataSource(history.Get("connectionString")!, a.AppDirPath)).Distinct().ToList();

        var file = Assert.Single(files);
        Assert.Equal(Path.Combine(root, ".dapr", "history.db"), file);
        Assert.True(Directory.Exists(Path.GetDirectoryName(file)), "the database folder must exist on a fresh clone");
        Assert.Equal("1h", history.Get("cleanupInterval"));
    }

    [Fact]
    public async Task Apps_whose_relative_paths_resolve_to_different_files_see_different_databases()
    {
        var root = Directory.CreateTempSubdirectory("sqlite-paths-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "services", "Writer"));
        Directory.CreateDirectory(Path.Combine(root, "services", "Reader"));
        Directory.CreateDirectory(Path.Combine(root, ".dapr"));
        void AppDirs(DaprSupport.DaprEmulator.Engine.EmulatorOptions o)
        {
            o.AppDirectories["writer"] = Path.Combine(root, "services", "Writer");
            o.AppDirectories["reader"] = Path.Combine(root, "services", "Reader");
        }

        await using (var split = await EmulatorHarness.StartAsync(AppDirs, HistoryStore("file:history.db")))
        {
            Assert.Equal(HttpStatusCode.NoContent, await WriteThenReadAsync(split));
        }

        Assert.True(File.Exists(Path.Combine(root, "services", "Writer", "history.db")));
        Assert.True(File.Exists(Path.Combine(root, "services", "Reader", "history.db")));

        await using var shared = await EmulatorHarness.StartAsync(AppDirs, HistoryStore("file:../../.dapr/history.db"));
        Assert.Equal(HttpStatusCode.OK, await WriteThenReadAsync(shared));
        Assert.True(File.Exists(Path.Combine(root, ".dapr", "history.db")));
    }

    [Fact]
    public async Task A_database_folder_that_does_not_exist_fails_the_component_with_the_reason()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<EmulatorConfigurationException>(() =>
            EmulatorHarness.StartAsync(HistoryStore($"file:{missing}/history.db")));

        Assert.Contains($"the folder {missing} of the database file does not exist; SQLite does not create it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleanup_interval_deletes_expired_rows_from_the_database()
    {
        var dir = Directory.CreateTempSubdirectory("sqlite-cleanup-").FullName;
        var file = Path.Combine(dir, "h.db");
        await using var harness = await EmulatorHarness.StartAsync(HistoryStore($"file:{file}", """
                - name: cleanupInterval
                  value: "1s"
            """));
        var http = (await harness.AddClientAsync("writer")).SidecarHttp;
        using var saved = await http.PostAsJsonAsync(Url("/v1.0/state/historystore"), new object[]
        {
            new { key = "short", value = 1, metadata = new Dictionary<string, string> { ["ttlInSeconds"] = "1" } },
            new { key = "kept", value = 2 },
        });
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);

        // Nothing signals the sweep: poll the file itself.
        Assert.True(await StateStoreKinds.EventuallyAsync(async () => await RowsAsync(file) == 1, TimeSpan.FromSeconds(15)));
    }

    /// <summary>
    /// contrib opens the database with <c>busy_timeout(busyTimeout)</c> (2 s unless set) and its driver does not retry
    /// a busy statement, so a save waits that long for a database another writer holds and then fails; the caller
    /// decides what to do (the session actor's turn fails, and its reminder is triggered again). The emulator waited
    /// 5 s and then let Microsoft.Data.Sqlite retry the statement for up to 30 s, so a lock held for 20 s was outwaited.
    /// </summary>
    [Fact]
    public async Task A_save_to_a_database_another_writer_holds_fails_after_the_busy_timeout_and_nothing_is_half_written()
    {
        var dir = Directory.CreateTempSubdirectory("sqlite-busy-").FullName;
        var file = Path.Combine(dir, "h.db");
        await using var harness = await EmulatorHarness.StartAsync(HistoryStore($"file:{file}"));
        var http = (await harness.AddClientAsync("writer")).SidecarHttp;
        http.Timeout = TimeSpan.FromSeconds(20);
        var items = new[] { new { key = "k", value = "v" } };

        await using (await SqliteWriterLock.TakeAsync(file))
        {
            using var refused = await http.PostAsJsonAsync(Url("/v1.0/state/historystore"), items);
            Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
            Assert.Equal("ERR_STATE_SAVE", (await refused.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["errorCode"].ToString());
        }

        using var missing = await http.GetAsync(Url("/v1.0/state/historystore/k"));
        Assert.Equal(HttpStatusCode.NoContent, missing.StatusCode);
        using var saved = await http.PostAsJsonAsync(Url("/v1.0/state/historystore"), items);
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
    }

    private static async Task<HttpStatusCode> WriteThenReadAsync(EmulatorHarness harness)
    {
        var writer = (await harness.AddClientAsync("writer")).SidecarHttp;
        var reader = (await harness.AddClientAsync("reader")).SidecarHttp;
        using var saved = await writer.PostAsJsonAsync(Url("/v1.0/state/historystore"), new[] { new { key = "k", value = "v" } });
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        using var read = await reader.GetAsync(Url("/v1.0/state/historystore/k"));
        return read.StatusCode;
    }

    private static async Task<long> RowsAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM state";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
