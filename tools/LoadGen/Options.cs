namespace DaprSupport.LoadGen;

public sealed record CommonOptions(Uri Url, string Tenant, string ApiKey, TimeSpan Duration, FileInfo? Plot, FileInfo? Markdown)
{
    /// <summary>The sidecars' metrics endpoints; when empty, found from the run's app processes (<c>DAPR_METRICS_PORT</c>).</summary>
    public IReadOnlyList<Uri> SidecarMetrics { get; init; } = [];

    /// <summary>Where to write the latency histogram's percentile distribution (.hgrm, for HdrHistogram's plotter).</summary>
    public FileInfo? Hgrm { get; init; }
}

public sealed record ChatOptions(int Pairs, int Agents, double Rate, bool Verbose = false, double StartRate = 50, int AssignSeconds = 60)
{
    /// <summary>With <c>--find-max</c>: the measured window is these steps instead of <c>--seconds</c> at <c>--rate</c>.</summary>
    public RampOptions? Ramp { get; init; }

    /// <summary>
    /// Unmeasured chat at the first rate before the window: a freshly started system spends a large share of its CPU
    /// in the JIT (tiered compilation) for its first minute or so, which a long-running deployment does not.
    /// </summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>
    /// How long after the window to wait for the texts still on their way (a backlog under overload), before the
    /// clean-up resolves the sessions.
    /// </summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The agent sends a <c>read</c> for each visitor text as it arrives, as the desk does for items from others
    /// (it coalesces the items of 250 ms into one read; at the load tool's rates each text gets its own).
    /// </summary>
    public bool ReadReceipts { get; init; }

    /// <summary>
    /// Each visitor sends a <c>typing</c> frame before each text, as the widget does while its visitor writes (at most
    /// one per 2 s: the gateway relays at most one per sender and session per 2 s, and drops the rest).
    /// </summary>
    public bool Typing { get; init; }
}
