namespace DaprSupport.Gateway.Tests.Browser;

/// <summary>
/// The browser tests run on their own, after the parallel collections: each drives a whole system plus Chromium with
/// real timing (countdowns, 2 s refreshes, network cuts), and under the rest of the suite's load on two cores their
/// page loads and sign-ins could stall past Playwright's timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
