using System.Diagnostics;

namespace DaprSupport.ServiceDefaults;

/// <summary>The activity source services use for their own spans.</summary>
public static class Telemetry
{
    public const string ActivitySourceName = "DaprSupport";

    public static ActivitySource Source { get; } = new(ActivitySourceName);
}
