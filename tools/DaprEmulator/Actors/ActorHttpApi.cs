using System.Text.Json;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.State;
using DaprSupport.DaprEmulator.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>Actors HTTP API (reference/api/actors_api): method calls, state, timers and reminders.</summary>
internal static class ActorHttpApi
{
    private const string Actor = "/actors/{actorType}/{actorId}";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication MapActorHttpApi(this WebApplication web)
    {
        web.UseActorRawRouteValues();
        var v1 = web.MapGroup("/v1.0");
        v1.MapMethods(Actor + "/method/{method}", ["GET", "POST", "PUT", "DELETE"], InvokeAsync);
        v1.MapGet(Actor + "/state/{key}", GetStateAsync);
        v1.MapMethods(Actor + "/state", ["POST", "PUT"], TransactStateAsync);
        v1.MapMethods(Actor + "/timers/{name}", ["POST", "PUT"], (string actorType, string actorId, string name, HttpRequest request, Sidecar sidecar) =>
            Guarded(async () =>
            {
                var body = await ReadJsonAsync<TimerRequest>(request);
                sidecar.Host.Actors.CreateTimer(sidecar, new ActorKey(actorType, actorId), name, body);
                return Results.NoContent();
            }));
        v1.MapDelete(Actor + "/timers/{name}", (string actorType, string actorId, string name, Sidecar sidecar) =>
        {
            sidecar.Host.Actors.DeleteTimer(new ActorKey(actorType, actorId), name);
            return Results.NoContent();
        });
        v1.MapMethods(Actor + "/reminders/{name}", ["POST", "PUT"], (string actorType, string actorId, string name, HttpRequest request, Sidecar sidecar) =>
            Guarded(async () =>
            {
                var body = (await ReadJsonAsync<ReminderBody>(request)).ToRequest();
                await sidecar.Host.Actors.CreateReminderAsync(sidecar, new ActorKey(actorType, actorId), name, body, request.HttpContext.RequestAborted);
                return Results.NoContent();
            }));
        v1.MapGet(Actor + "/reminders/{name}", (string actorType, string actorId, string name, HttpContext context, Sidecar sidecar) =>
            Guarded(async () =>
            {
                var reminder = await sidecar.Host.Actors.GetReminderAsync(sidecar, new ActorKey(actorType, actorId), name, context.RequestAborted)
                    ?? throw new ActorApiException(404, Api.DaprError.ActorReminderNotFound, $"actor reminder not found: {name}");
                return Results.Json(ReminderView.Of(reminder), Json);
            }));
        v1.MapDelete(Actor + "/reminders/{name}", (string actorType, string actorId, string name, HttpContext context, Sidecar sidecar) =>
            Guarded(async () =>
            {
                await sidecar.Host.Actors.DeleteReminderAsync(sidecar, new ActorKey(actorType, actorId), name, context.RequestAborted);
                return Results.NoContent();
            }));
        return web;
    }

    /// <summary>
    /// Forwards the call to the hosting app's <c>PUT /actors/{type}/{id}/method/{method}</c> and relays its answer as is;
    /// the app gets the sidecar span's <c>traceparent</c> (a child of the caller's, or a new trace), as daprd's channel sets it.
    /// </summary>
    private static async Task InvokeAsync(string actorType, string actorId, string method, HttpContext context, Sidecar sidecar)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        // daprd concatenates the raw values (pkg/actors/targets/app/app.go): the app decodes them as its router does.
        var path = $"actors/{actorType}/{actorId}/method/{method}{request.QueryString}";
        var reentrancyId = request.Headers.TryGetValue(ActorSubsystem.ReentrancyHeader, out var id) ? id.ToString() : null;
        var trace = sidecar.Host.Tracing().StartSpan(request.Headers[TraceContext.TraceParentHeader].ToString(), request.Headers[TraceContext.TraceStateHeader].ToString());

        HttpRequestMessage Build()
        {
            var message = new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
            HttpForwarding.CopyRequestHeaders(request, message);
            trace.ApplyTo(message);
            return message;
        }

        try
        {
            using var response = await sidecar.Host.Actors.CallAsync(new ActorKey(actorType, actorId), Build, reentrancyId, activate: true, context.RequestAborted);
            var answer = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            if (ActorApiException.FromAppAnswer(response, answer, method) is { } failed)
            {
                throw failed;
            }

            await HttpForwarding.WriteResponseAsync(response, answer, context);
        }
        catch (ActorApiException ex)
        {
            await ex.Error.ToHttp(ex.StatusCode).ExecuteAsync(context);
        }
    }

    private static Task<IResult> GetStateAsync(string actorType, string actorId, string key, HttpContext context, Sidecar sidecar) =>
        Guarded(async () =>
        {
            var entry = await sidecar.Host.Actors.GetStateAsync(sidecar, new ActorKey(actorType, actorId), key, context.RequestAborted);
            if (entry is null || entry.Value.IsEmpty)
            {
                return Results.NoContent();
            }

            // As onGetActorState (pkg/api/http/actors.go): the store's read metadata as headers, so a state.etcd v2 value
            // carries Metadata.ttlexpiretime even without a TTL (see EtcdValueCodec), which Dapr.Actors caches as an expiry.
            foreach (var (name, value) in StateRequestMetadata.ResponseHeaders(entry))
            {
                context.Response.Headers[name] = value;
            }

            return Results.Bytes(entry.Value.ToArray(), "application/json");
        });

    private static Task<IResult> TransactStateAsync(string actorType, string actorId, HttpRequest request, Sidecar sidecar) =>
        Guarded(async () =>
        {
            var operations = await ReadJsonAsync<JsonElement>(request);
            if (operations.ValueKind != JsonValueKind.Array)
            {
                throw ActorApiException.Malformed("expected an array of operations");
            }

            await sidecar.Host.Actors.TransactStateAsync(sidecar, new ActorKey(actorType, actorId), operations, request.HttpContext.RequestAborted);
            return Results.NoContent();
        });

    private static async Task<T> ReadJsonAsync<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted)
                ?? throw ActorApiException.Malformed("empty body");
        }
        catch (JsonException ex)
        {
            throw ActorApiException.Malformed(ex.Message);
        }
    }

    private static async Task<IResult> Guarded(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ActorApiException ex)
        {
            return ex.Error.ToHttp(ex.StatusCode);
        }
    }
}
