using System.Text.Json;
using System.Text.Json.Serialization;
using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprSupport.DaprEmulator.Locks;

/// <summary>
/// The distributed lock HTTP API (reference/api/distributed_lock_api): <c>POST /v1.0-alpha1/lock/{store}</c> →
/// <c>{"success": bool}</c>, <c>POST /v1.0-alpha1/unlock/{store}</c> → <c>{"status": 0|1|2|3}</c> (a number, as daprd
/// writes it). Bodies are the protobuf requests in JSON: <c>resourceId</c>, <c>lockOwner</c>, <c>expiryInSeconds</c>
/// (protojson also takes the proto field names).
/// </summary>
internal static class LockHttpApi
{
    public static WebApplication MapLockHttpApi(this WebApplication web)
    {
        web.MapPost("/v1.0-alpha1/lock/{storeName}", TryLockAsync);
        web.MapPost("/v1.0-alpha1/unlock/{storeName}", UnlockAsync);
        return web;
    }

    private static async Task<IResult> TryLockAsync(string storeName, HttpContext http, EmulatorHost host, Sidecar sidecar)
    {
        if (await ReadAsync(http) is not { } body)
        {
            return Malformed();
        }

        try
        {
            var success = LockOperations.TryLock(host, sidecar, storeName, body.ResourceId ?? body.ResourceIdSnake ?? "",
                body.LockOwner ?? body.LockOwnerSnake ?? "", body.ExpiryInSeconds ?? body.ExpiryInSecondsSnake ?? 0);
            return Results.Json(new { success });
        }
        catch (LockApiException e)
        {
            return e.ToHttp();
        }
    }

    private static async Task<IResult> UnlockAsync(string storeName, HttpContext http, EmulatorHost host, Sidecar sidecar)
    {
        if (await ReadAsync(http) is not { } body)
        {
            return Malformed();
        }

        try
        {
            var status = LockOperations.Unlock(host, sidecar, storeName, body.ResourceId ?? body.ResourceIdSnake ?? "", body.LockOwner ?? body.LockOwnerSnake ?? "");
            return Results.Json(new { status = (int)status });
        }
        catch (LockApiException e)
        {
            return e.ToHttp();
        }
    }

    private static async Task<LockRequestJson?> ReadAsync(HttpContext http)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<LockRequestJson>(http.Request.Body, cancellationToken: http.RequestAborted) ?? new LockRequestJson();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Malformed() =>
        new DaprError(DaprError.MalformedRequest, "failed to parse the request body as the lock request").ToHttp(StatusCodes.Status400BadRequest);

    private sealed record LockRequestJson
    {
        [JsonPropertyName("resourceId")] public string? ResourceId { get; init; }

        [JsonPropertyName("resource_id")] public string? ResourceIdSnake { get; init; }

        [JsonPropertyName("lockOwner")] public string? LockOwner { get; init; }

        [JsonPropertyName("lock_owner")] public string? LockOwnerSnake { get; init; }

        [JsonPropertyName("expiryInSeconds")] public int? ExpiryInSeconds { get; init; }

        [JsonPropertyName("expiry_in_seconds")] public int? ExpiryInSecondsSnake { get; init; }
    }
}
