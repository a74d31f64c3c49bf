using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>Keeps every log entry at or above a level, for assertions on what the emulator logs.</summary>
internal sealed class CapturingLoggerProvider(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();
    private readonly LogLevel _minimum = minimum;

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
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
                owner._entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}
