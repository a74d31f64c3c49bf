using Microsoft.AspNetCore.Builder;

namespace DaprSupport.DaprEmulator.State;

/// <summary>State management HTTP API (reference/api/state_api).</summary>
internal static class StateHttpApi
{
    public static WebApplication MapStateHttpApi(this WebApplication web) => web;
}
