using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.State;

/// <summary>Creates state store components by type (state.etcd v1/v2, state.sqlite, state.in-memory).</summary>
internal static class StateStoreFactory
{
    /// <summary>The store for the spec, or null when the type is not supported.</summary>
    public static async Task<IStateStore?> CreateAsync(ComponentSpec spec, EmulatorOptions options, CancellationToken cancellationToken)
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

                return new EtcdStateStore(spec.Name, actorStore, new EtcdClient(endpoints), spec.Get("keyPrefixPath") ?? string.Empty,
                    EtcdValueCodec.For(spec.Version), TimeProvider.System, options.LoggerFactory.CreateLogger("dapr-emulator"));
            case "state.sqlite":
                var connectionString = spec.Get("connectionString");
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw Invalid(spec, "metadata 'connectionString' is required");
                }

                try
                {
                    return await SqliteStateStore.OpenAsync(spec.Name, actorStore, connectionString, spec.Get("tableName"),
                        options.WorkingDirectory ?? Directory.GetCurrentDirectory(), TimeProvider.System, cancellationToken, spec.GetBool("disableWAL"));
                }
                catch (Exception e) when (e is ArgumentException or Microsoft.Data.Sqlite.SqliteException)
                {
                    throw Invalid(spec, e.Message);
                }

            default:
                return null;
        }
    }

    private static EmulatorConfigurationException Invalid(ComponentSpec spec, string problem) =>
        new($"{spec.SourceFile}: component '{spec.Name}' ({spec.Type}): {problem}.");
}
