using Microsoft.Extensions.Logging;

namespace Oracle.Devnet;

/// <summary>Writes log lines to one file (the devnet's relayer.log), and warnings and errors also to a second sink.</summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter file;
    private readonly Action<string>? alerts;
    private readonly object gate = new();

    /// <summary>Appends to <paramref name="path"/>; lines at Warning or above also go to <paramref name="alerts"/>.</summary>
    public FileLoggerProvider(string path, Action<string>? alerts)
    {
        file = new StreamWriter(File.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        this.alerts = alerts;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate) file.Dispose();
    }

    private void Write(LogLevel level, string category, string message, Exception? e)
    {
        string line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Short(level)} {category}: {message}{(e is null ? "" : " | " + e.GetType().Name + ": " + e.Message)}";
        lock (gate)
        {
            try { file.WriteLine(line); } catch (ObjectDisposedException) { return; }
        }
        if (level >= LogLevel.Warning) alerts?.Invoke($"{Short(level)} {message}");
    }

    private static string Short(LogLevel l) => l switch
    {
        LogLevel.Trace => "trce", LogLevel.Debug => "dbug", LogLevel.Information => "info",
        LogLevel.Warning => "warn", LogLevel.Error => "fail", _ => "crit",
    };

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category.StartsWith("System.Net.Http", StringComparison.Ordinal)
            ? logLevel >= LogLevel.Warning
            : logLevel >= LogLevel.Information ||
            (logLevel >= LogLevel.Debug && category.StartsWith("Oracle", StringComparison.Ordinal));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
