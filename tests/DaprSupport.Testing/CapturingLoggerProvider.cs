using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Testing;

/// <summary>
/// Keeps every log entry at or above a level, for assertions on what the emulator logs, and lets a test await the
/// first entry that matches (<see cref="WhenLogged"/>) instead of sleeping.
/// </summary>
public sealed class CapturingLoggerProvider(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly LogLevel _minimum = minimum;

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    /// <summary>Completes with the first message (logged before or after this call) that matches.</summary>
    public Task<string> WhenLogged(Func<string, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((match, seen));
            foreach (var entry in _entries)
            {
                if (match(entry.Message))
                {
                    seen.TrySetResult(entry.Message);
                    break;
                }
            }
        }

        return seen.Task;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string category, string message)
    {
        lock (_waiters)
        {
            _entries.Enqueue((level, category, message));
            foreach (var (match, seen) in _waiters)
            {
                if (match(message))
                {
                    seen.TrySetResult(message);
                }
            }
        }
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add(logLevel, category, formatter(state, exception));
            }
        }
    }
}
