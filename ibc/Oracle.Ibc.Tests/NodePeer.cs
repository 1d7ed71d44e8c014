using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Oracle.Ibc.Tests;

/// <summary>Runs an npm peer script with node from the repository root (where node_modules is).</summary>
internal static class NodePeer
{
    public static JsonElement Run(ITestOutputHelper? output, string script, params string[] args)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Repo.Root, script));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish in 5 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"node {script} exited {process.ExitCode}: {stderr.Result}");
        if (output is not null && stderr.Result.Length > 0)
            output.WriteLine(stderr.Result);
        return JsonDocument.Parse(stdout).RootElement;
    }
}
