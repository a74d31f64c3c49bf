using Microsoft.AspNetCore.Builder;

namespace DaprSupport.DaprEmulator.Invoke;

/// <summary>Service invocation HTTP API (reference/api/service_invocation_api).</summary>
internal static class InvokeHttpApi
{
    /// <summary>Requests carrying a <c>dapr-app-id</c> header are invocations of that app.</summary>
    public static WebApplication UseInvokeByAppIdHeader(this WebApplication web) => web;

    public static WebApplication MapInvokeHttpApi(this WebApplication web) => web;
}
