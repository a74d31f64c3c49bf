using Microsoft.AspNetCore.Builder;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>Publish HTTP API (reference/api/pubsub_api).</summary>
internal static class PublishHttpApi
{
    public static WebApplication MapPublishHttpApi(this WebApplication web) => web;
}
