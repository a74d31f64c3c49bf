using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DaprSupport.ServiceDefaults;

internal static class LoggingExtensions
{
    /// <summary>
    /// Every log record carries the current trace and span ids. Outside Development the console writes one JSON object
    /// per record (with those ids and the scopes), as log collectors expect; Development keeps the readable format.
    /// </summary>
    public static TBuilder ConfigureLogging<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.Configure(o =>
            o.ActivityTrackingOptions =
                ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        return builder;
    }
}
