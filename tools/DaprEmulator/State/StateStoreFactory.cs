using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.State;

/// <summary>Creates state store components by type (state.etcd v1/v2, state.sqlite, state.in-memory).</summary>
internal static class StateStoreFactory
{
    /// <summary>
    /// The instances of one state store component: one shared by every app, except for <c>state.sqlite</c> with a file
    /// database under a run file. There each daprd starts in its app's <c>appDirPath</c> (dapr/cli cmd/run.go) and opens
    /// a relative path from there, so each app gets the instance for the file it resolves to (apps resolving to the same
    /// file share one); any other app uses the first of those.
    /// </summary>
    public static async Task<(IStateStore Shared, IReadOnlyDictionary<string, IStateStore> PerApp)?> CreateForAppsAsync(
        ComponentSpec spec, EmulatorOptions options, CancellationToken cancellationToken)
    {
        var perApp = new Dictionary<string, IStateStore>(StringComparer.Ordinal);
        var apps = options.AppDirectories.Where(a => spec.IsVisibleTo(a.Key)).ToList();
        if (spec.Type != "state.sqlite" || apps.Count == 0 || spec.Get("connectionString") is not { Length: > 0 } connectionString ||
            SqliteStateStore.ResolveDataSource(connectionString, ".") == ":memory:")
        {
            var shared = await CreateAsync(spec, options, options.WorkingDirectory, cancellationToken);
            return shared is null ? null : (shared, perApp);
        }

        var byFile = new Dictionary<string, IStateStore>(StringComparer.Ordinal);
        try
        {
            foreach (var (appId, directory) in apps)
            {
                var file = SqliteStateStore.ResolveDataSource(connectionString, directory);
                if (!byFile.TryGetValue(file, out var store))
                {
                    store = (await CreateAsync(spec, options, directory, cancellationToken))!;
                    byFile[file] = store;
                }

                perApp[appId] = store;
            }
        }
        catch
        {
            foreach (var store in byFile.Values)
            {
                await store.DisposeAsync();
            }

            throw;
        }

        return (perApp[apps[0].Key], perApp);
    }

    /// <summary>The store for the spec, or null when the type is not supported.</summary>
    public static Task<IStateStore?> CreateAsync(ComponentSpec spec, EmulatorOptions options, CancellationToken cancellationToken) =>
        CreateAsync(spec, options, options.WorkingDirectory, cancellationToken);

    private static async Task<IStateStore?> CreateAsync(ComponentSpec spec, EmulatorOptions options, string? workingDirectory, CancellationToken cancellationToken)
    {
        var actorStore = spec.GetBool("actorStateStore");
        switch (spec.Type)
        {
            case "state.in-memory":
                return new InMemoryStateStore(spec.Name, actorStore, TimeProvider.System);
            case "state.etcd" when spec.Version is "v1" or "v2":
                var endpoints = (spec.Get("endpoints") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (endpoints.Length == 0)
                {
                    throw Invalid(spec, "metadata 'endpoints' is required");
                }

                // contrib: maxTxnOps (an int) defaults to 128, etcd's own --max-txn-ops default.
                var maxTxnOps = 128;
                if (spec.Get("maxTxnOps") is { Length: > 0 } rawMax && !int.TryParse(rawMax, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out maxTxnOps))
                {
                    throw Invalid(spec, $"metadata 'maxTxnOps' must be an integer, not '{rawMax}'");
                }

                return new EtcdStateStore(spec.Name, actorStore, new EtcdClient(endpoints), spec.Get("keyPrefixPath") ?? string.Empty,
                    EtcdValueCodec.For(spec.Version), maxTxnOps, TimeProvider.System, options.LoggerFactory.CreateLogger("dapr-emulator"));
            case "state.sqlite":
                var connectionString = spec.Get("connectionString");
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw Invalid(spec, "metadata 'connectionString' is required");
                }

                var directory = workingDirectory ?? Directory.GetCurrentDirectory();
                try
                {
                    return await SqliteStateStore.OpenAsync(spec.Name, actorStore, connectionString, spec.Get("tableName"),
                        directory, TimeProvider.System, cancellationToken, spec.GetBool("disableWAL"), CleanupInterval(spec),
                        MetadataDuration(spec, "busyTimeout") ?? SqliteStateStore.DefaultBusyTimeout);
                }
                catch (Exception e) when (e is ArgumentException or FormatException or Microsoft.Data.Sqlite.SqliteException)
                {
                    // SQLite creates a missing database file but not its folder; daprd fails the same way.
                    var file = SqliteStateStore.ResolveDataSource(connectionString, directory);
                    var folder = Path.GetDirectoryName(file);
                    throw Invalid(spec, folder is not null && file != ":memory:" && !Directory.Exists(folder)
                        ? $"{e.Message} (the folder {folder} of the database file does not exist; SQLite does not create it)"
                        : e.Message);
                }

            default:
                return null;
        }
    }

    /// <summary>
    /// contrib's sqlite <c>cleanupInterval</c> (alias <c>cleanupIntervalInSeconds</c>): absent, zero or negative
    /// disables the cleanup (contrib's default).
    /// </summary>
    private static TimeSpan CleanupInterval(ComponentSpec spec)
    {
        var interval = MetadataDuration(spec, "cleanupInterval") ?? MetadataDuration(spec, "cleanupIntervalInSeconds");
        return interval > TimeSpan.Zero ? interval.Value : TimeSpan.Zero;
    }

    /// <summary>
    /// A duration in component metadata as dapr/kit decodes it: a Go duration, or whole seconds; null when absent.
    /// </summary>
    private static TimeSpan? MetadataDuration(ComponentSpec spec, string name)
    {
        var raw = spec.Get(name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return long.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : Resiliency.GoDuration.Parse(raw, $"metadata '{name}'");
    }

    private static EmulatorConfigurationException Invalid(ComponentSpec spec, string problem) =>
        new($"{spec.SourceFile}: component '{spec.Name}' ({spec.Type}): {problem}.");
}
