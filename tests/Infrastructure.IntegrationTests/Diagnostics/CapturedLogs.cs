using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TenantAtlas.Infrastructure.IntegrationTests.Diagnostics;

/// <summary>A logger provider that keeps every entry with its structured state and the scopes around it.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, int EventId, string Message,
        IReadOnlyDictionary<string, object?> State, IReadOnlyDictionary<string, object?> Scopes);

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }
            }

            var scopeValues = new Dictionary<string, object?>();
            owner.scopes.ForEachScope((scope, acc) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                {
                    foreach (var (key, value) in scopePairs)
                    {
                        acc[key] = value;
                    }
                }
            }, scopeValues);
            owner.Entries.Enqueue(new Entry(category, logLevel, eventId.Id, formatter(state, exception), values, scopeValues));
        }
    }
}
