using System.Globalization;
using System.Text.Json;
using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.State;

namespace DaprSupport.DaprEmulator.Actors;

// Actor state: keys "appid||type||id||key" in the app's actor state store (dapr/dapr v1.17.0 pkg/actors/state/state.go).
// A read is not checked against placement at all: any sidecar reads under its own app id, so a sidecar of another app
// reads its own (empty) namespace. A transaction needs the actor active on the calling instance (table.ActorExists).
public sealed partial class ActorSubsystem
{
    internal static string StateKey(string appId, ActorKey key, string name) => $"{appId}||{key.Type}||{key.Id}||{name}";

    internal async Task<StateEntry?> GetStateAsync(Sidecar caller, ActorKey key, string name, CancellationToken cancellationToken)
    {
        var store = ActorStoreOf(caller);
        try
        {
            return await store.GetAsync(StateKey(caller.AppId, key, name), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ActorApiException(500, DaprError.ActorStateGet, $"error getting actor state: {ex.Message}");
        }
    }

    /// <summary>Applies <c>[{"operation":"upsert"|"delete","request":{"key","value","metadata"}}]</c> atomically.</summary>
    internal async Task TransactStateAsync(Sidecar caller, ActorKey key, JsonElement operations, CancellationToken cancellationToken)
    {
        var store = ActorStoreOf(caller);
        if (!IsActiveOn(caller, key))
        {
            throw ActorApiException.InstanceMissing();
        }

        List<StateOperation> ops;
        try
        {
            ops = [.. operations.EnumerateArray().Select(op => ToStateOperation(caller.AppId, key, op))];
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ActorApiException(500, DaprError.ActorStateTransactionSave, $"error saving actor transaction state: {ex.Message}");
        }

        // As daprd's actor state (pkg/actors/state/state.go): a store's MultiMaxSize caps the transaction before it runs.
        if (store.MultiMaxSize > 0 && ops.Count > store.MultiMaxSize)
        {
            throw new ActorApiException(500, DaprError.ActorStateTransactionSave,
                "error saving actor transaction state: the transaction contains more operations than supported by the state store");
        }

        try
        {
            await store.TransactAsync(ops, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ActorApiException(500, DaprError.ActorStateTransactionSave, $"error saving actor transaction state: {ex.Message}");
        }
    }

    private IStateStore ActorStoreOf(Sidecar caller) =>
        Host.Components.FindActorStateStore(caller.AppId) ?? throw ActorApiException.RuntimeNotFound();

    private static StateOperation ToStateOperation(string appId, ActorKey key, JsonElement op)
    {
        var operation = op.GetProperty("operation").GetString();
        var request = op.GetProperty("request");
        var name = request.GetProperty("key").GetString() ?? throw new FormatException("missing key");
        var storeKey = StateKey(appId, key, name);
        switch (operation?.ToLowerInvariant())
        {
            case "upsert":
                var value = request.TryGetProperty("value", out var v) ? JsonSerializer.SerializeToUtf8Bytes(v) : "null"u8.ToArray();
                return new StateUpsert(new StateSetRequest(storeKey, value, Ttl: TtlOf(request)));
            case "delete":
                return new StateDelete(new StateDeleteRequest(storeKey));
            default:
                throw new FormatException($"operation type {operation} not supported");
        }
    }

    private static TimeSpan? TtlOf(JsonElement request)
    {
        if (!request.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object ||
            !metadata.TryGetProperty("ttlInSeconds", out var ttl))
        {
            return null;
        }

        var text = ttl.ValueKind == JsonValueKind.Number ? ttl.GetRawText() : ttl.GetString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? seconds > 0 ? TimeSpan.FromSeconds(seconds) : null
            : throw new FormatException($"ttlInSeconds '{text}' is not an integer");
    }
}
