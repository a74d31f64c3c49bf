using System.Text.RegularExpressions;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DaprSupport.Gateway.Tests.Browser;

/// <summary>
/// The pages under test driven by accessible roles and names, as a person with a screen reader would: the landing
/// page's development sign-in, the agent desk and the visitor widget.
/// </summary>
internal static class DeskPage
{
    /// <summary>Where the tests keep their screenshots (test artifacts, under the test output).</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(
        Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png") });

    /// <summary>
    /// An init script for a network that refuses WebSocket upgrades: every socket closes (1006) without ever opening,
    /// so the pages fall back to long-poll.
    /// </summary>
    public const string NoWebSockets = """
        window.WebSocket = class {
          static OPEN = 1;
          constructor() { this.readyState = 3; setTimeout(() => this.onclose?.({ code: 1006 }), 10); }
          send() { throw new Error('not open'); }
          close() {}
        };
        """;

    /// <summary>Signs in on the landing page as staff of tenant acme and lands on the desk (or the console).</summary>
    public static async Task SignInAsync(IPage page, string origin, string userId, string name, string skill, string role = "agent")
    {
        await page.GotoAsync($"{origin}/");
        await page.GetByLabel("Tenant", new() { Exact = true }).FillAsync(TestTenants.Acme);
        await page.GetByLabel("API key", new() { Exact = true }).FillAsync(TestTenants.AcmeKey);
        await page.GetByLabel("User id", new() { Exact = true }).FillAsync(userId);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
        await page.GetByLabel("Skills", new() { Exact = true }).FillAsync(skill);
        // The token answer is awaited on its own, so a slow sign-in and a slow page load fail with different messages.
        var answered = page.WaitForResponseAsync(r => r.Url.EndsWith("/v1/auth/token", StringComparison.Ordinal), new() { Timeout = 60_000 });
        // Committed is enough: callers assert on what the page shows next (auto-waiting), not on its load event. A
        // refused sign-in shows its reason in the alert instead: fail with that, not with a bare timeout. Both waits
        // begin before the click: begun after the token's answer, the navigation could already be over, and
        // Playwright then waits for a load state of a page that has long loaded.
        var target = new Regex(role == "agent" ? "/desk/$" : "/console/$");
        var navigated = page.WaitForURLAsync(target, new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        var refused = page.GetByRole(AriaRole.Alert).WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var token = await answered;
        Assert.True(token.Ok, $"POST /v1/auth/token answered {token.Status}");
        if (await Task.WhenAny(navigated, refused) == refused && !target.IsMatch(page.Url))
        {
            Assert.Fail("Sign-in refused: " + await page.GetByRole(AriaRole.Alert).TextContentAsync());
        }

        // The alert wait outlives a successful sign-in (it ends when its timeout does): observe it so it never counts.
        _ = refused.ContinueWith(t => t.Exception, TaskScheduler.Default);
        await navigated;
    }

    public static ILocator Offered(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Offered" });

    /// <summary>The Accept button of one session's offer (the list may hold other offers too).</summary>
    public static ILocator AcceptOf(IPage page, string sessionId) =>
        Offered(page).Locator($"li[data-session-id=\"{sessionId}\"]").GetByRole(AriaRole.Button, new() { Name = "Accept" });

    public static ILocator Mine(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Mine" });

    public static ILocator Timeline(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Timeline" });

    public static ILocator Chat(IPage page, string sessionId) =>
        Mine(page).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(Regex.Escape(sessionId[..10])) });

    public static ILocator Details(IPage page) => page.GetByRole(AriaRole.Complementary, new() { Name = "Visitor details" });

    public static ILocator Message(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });

    /// <summary>
    /// Records the text frames the page's WebSockets send and receive (register before the page opens them), and
    /// lets a test await the first frame matching a predicate, whenever it came.
    /// </summary>
    public sealed class FrameLog
    {
        private readonly List<(string Text, TaskCompletionSource Seen, Func<string, bool> Match)> _waits = [];
        private readonly List<string> _frames = [];
        private readonly Lock _lock = new();

        public FrameLog(IPage page, bool sent)
        {
            ArgumentNullException.ThrowIfNull(page);
            page.WebSocket += (_, socket) =>
            {
                if (sent)
                {
                    socket.FrameSent += (_, frame) => Add(frame.Text);
                }
                else
                {
                    socket.FrameReceived += (_, frame) => Add(frame.Text);
                }
            };
        }

        public IReadOnlyList<string> Frames
        {
            get
            {
                lock (_lock)
                {
                    return [.. _frames];
                }
            }
        }

        public Task WaitForAsync(Func<string, bool> match, string what)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                if (_frames.Any(match))
                {
                    return Task.CompletedTask;
                }

                _waits.Add((what, seen, match));
            }

            return seen.Task.WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(
                t => t.IsFaulted ? throw new TimeoutException($"No frame {what}; got {string.Join(", ", Frames)}") : t,
                TaskScheduler.Default).Unwrap();
        }

        private void Add(string? text)
        {
            if (text is null)
            {
                return;
            }

            lock (_lock)
            {
                _frames.Add(text);
                foreach (var wait in _waits.Where(w => w.Match(text)).ToList())
                {
                    _waits.Remove(wait);
                    wait.Seen.TrySetResult();
                }
            }
        }
    }

    public static async Task SendAsync(IPage page, string text)
    {
        var message = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await message.FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(message).ToHaveValueAsync(string.Empty);
    }

    /// <summary>The list shows items 1..n, each once, in seq order; returns n.</summary>
    public static async Task<int> AssertContiguousAsync(ILocator items)
    {
        var seqs = await items.EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.seq))");
        Assert.NotEmpty(seqs);
        Assert.Equal(Enumerable.Range(1, seqs.Length).Select(i => (long)i), seqs);
        return seqs.Length;
    }

    /// <summary>Each text is shown exactly once in the list.</summary>
    public static async Task AssertEachOnceAsync(ILocator items, params string[] texts)
    {
        foreach (var text in texts)
        {
            await Expect(items.Filter(new() { HasText = text })).ToHaveCountAsync(1);
        }
    }
}
