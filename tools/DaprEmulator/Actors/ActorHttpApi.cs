using Microsoft.AspNetCore.Builder;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>Actors HTTP API (reference/api/actors_api).</summary>
internal static class ActorHttpApi
{
    public static WebApplication MapActorHttpApi(this WebApplication web) => web;
}
