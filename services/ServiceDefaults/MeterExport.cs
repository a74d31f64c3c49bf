using System.Diagnostics.Metrics;
using Prometheus;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Which .NET meters <c>/metrics</c> exports: prometheus-net's meter adapter takes every meter in the process, and the
/// runtime's private diagnostics meters (<c>Private.InternalDiagnostics.*</c>, e.g. MsQuic's connection counters,
/// which the runtime creates in every app that probes for QUIC support) are not an interface of ours: three dozen
/// series of noise on every service, polled at every scrape.
/// </summary>
public static class MeterExport
{
    private const string PrivateMeterPrefix = "Private.InternalDiagnostics.";

    /// <summary>
    /// Applies <see cref="IsExported"/> to the process's meter adapter, which prometheus-net starts at the default
    /// registry's first collection (the first scrape) with the options configured by then.
    /// </summary>
    public static void Configure() =>
        Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = IsExported);

    private static bool IsExported(Instrument instrument) =>
        !instrument.Meter.Name.StartsWith(PrivateMeterPrefix, StringComparison.Ordinal);
}
