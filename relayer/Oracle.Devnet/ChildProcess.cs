using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Oracle.Devnet;

/// <summary>
/// A child process (anvil, the enclave host) whose output goes to a log file and is watched for a
/// line that says it is ready. Killed with its process tree on dispose.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter logFile;
    private readonly StringBuilder recent = new();
    private readonly object gate = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Done)> waiters = [];

    private ChildProcess(Process process, string logPath)
    {
        this.process = process;
        LogPath = logPath;
        logFile = new StreamWriter(File.Open(logPath, FileMode.Create, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    /// <summary>The file its standard output and error go to.</summary>
    public string LogPath { get; }

    /// <summary>The process id.</summary>
    public int Pid => process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/>, logging to <paramref name="logPath"/>.</summary>
    public static ChildProcess Start(string file, IEnumerable<string> args, string logPath, IDictionary<string, string>? env = null, string? workDir = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(p, logPath);
        p.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        p.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        if (!p.Start()) throw new InvalidOperationException($"cannot start {file}");
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return child;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (gate)
        {
            logFile.WriteLine(line);
            recent.AppendLine(line);
            if (recent.Length > 16_000) recent.Remove(0, recent.Length - 8_000);
            foreach (var (pattern, done) in waiters)
            {
                var m = pattern.Match(line);
                if (m.Success) done.TrySetResult(m);
            }
        }
    }

    /// <summary>The last lines it printed (for error messages).</summary>
    public string RecentOutput
    {
        get { lock (gate) return recent.ToString(); }
    }

    /// <summary>Waits until a line matches <paramref name="pattern"/>.</summary>
    /// <exception cref="TimeoutException">No such line in time, or the process exited; the message holds its last output.</exception>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout, string what, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        var regex = new Regex(pattern);
        lock (gate)
        {
            foreach (var line in recent.ToString().Split('\n'))
            {
                var m = regex.Match(line);
                if (m.Success) return m;
            }
            waiters.Add((regex, done));
        }
        var exited = process.WaitForExitAsync(ct);
        var first = await Task.WhenAny(done.Task, exited, Task.Delay(timeout, ct));
        if (first == done.Task) return await done.Task;
        string why = first == exited ? $"exited with code {process.ExitCode}" : $"did not get ready within {timeout.TotalSeconds:0} s";
        throw new TimeoutException($"{what} {why}; its output (full log: {LogPath}):\n{RecentOutput}");
    }

    /// <summary>Kills it (SIGKILL, with its children) and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not killable: nothing more to do.
        }
        lock (gate) logFile.Dispose();
        process.Dispose();
    }
}
