using Microsoft.Playwright;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// Debian's chromium driven by Playwright (the driver ships in the Microsoft.Playwright package; no browser download).
/// One headless browser per test class; each test opens its own context, so storage is not shared between tests.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The chromium executable: $CHROMIUM_PATH, the Debian/Ubuntu locations, or chromium(-browser) on PATH.</summary>
    public static string FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"CHROMIUM_PATH={configured} does not exist.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "chromium"), Path.Combine(dir, "chromium-browser") });
        return Candidates.Concat(onPath).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("No chromium found (tried /usr/bin/chromium, /usr/bin/chromium-browser and PATH); install Debian's chromium (tools/dev.sh test does) or set CHROMIUM_PATH.");
    }

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        // The widget's host pages are served by the tests under public names (http://shop.example) while the gateway
        // listens on loopback: Chromium's Local Network Access checks would block (or prompt for) those requests,
        // which in production go from one public site to another.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = FindExecutable(),
            Headless = true,
            Args = ["--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
