using System.Runtime.CompilerServices;
using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.DaprEmulator.Tracing;

/// <summary>The tracing settings of an emulator, read once from its Configuration.</summary>
public static class HostTracing
{
    private static readonly ConditionalWeakTable<EmulatorHost, TracingSettings> Settings = [];

    public static TracingSettings Tracing(this EmulatorHost host) =>
        Settings.GetValue(host, h => TracingSettings.FromConfiguration(h.Resources.Configuration));
}
