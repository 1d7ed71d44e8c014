using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Oracle.Enclave.Host.Tests.Support;

/// <summary>A child process whose output lines are collected as they come; killed (with its children) on dispose.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    public ChildProcess(string fileName, IEnumerable<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_NOLOGO"] = "1";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        CommandLine = fileName + " " + string.Join(' ', args);
    }

    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>Everything it printed so far, for assertion messages.</summary>
    public string Output => $"$ {CommandLine}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>Waits (bounded) for a stdout line starting with <paramref name="prefix"/>; its remainder.</summary>
    public string? WaitForLine(string prefix, TimeSpan timeout)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (true)
        {
            string? line = _stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null) return line[prefix.Length..];
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the output events
                line = _stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                return line?[prefix.Length..];
            }
            if (DateTime.UtcNow >= end) return null;
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits (bounded) for the exit; its code, or null on timeout.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return null;
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
