using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Tests.Support;

/// <summary>Runs peers/cosmjs-peer.mjs once over a JSON file of cases (working directory = repository root).</summary>
internal static class CosmjsPeer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);

    public static IReadOnlyList<JsonElement> Run(JsonArray cases)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "cosmjs-peer.mjs");
        foreach (var package in new[] { "@cosmjs/proto-signing", "@cosmjs/amino", "@cosmjs/crypto", "cosmjs-types" })
        {
            var manifest = RepoRoot.Combine("node_modules", package, "package.json");
            if (!File.Exists(manifest))
            {
                Assert.Fail($"{package} is not installed at {manifest}: run `npm ci` in the repository root");
            }
        }
        var file = Path.Combine(Path.GetTempPath(), $"cosmjs-cases-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, cases.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoRoot.Path_,
            };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(RepoRoot.Path_);
            start.ArgumentList.Add(file);
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            }
            catch (Win32Exception e)
            {
                Assert.Fail($"`node` is not on PATH ({e.Message}): the differential tests against cosmjs need Node.js 20+");
                throw;
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(Timeout))
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail($"cosmjs peer did not finish within {Timeout.TotalSeconds} s");
                }
                if (process.ExitCode != 0)
                {
                    Assert.Fail($"cosmjs peer exited with {process.ExitCode}: {stderr.Result}");
                }
                var results = JsonDocument.Parse(stdout.Result).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
                Assert.Equal(cases.Count, results.Count);
                return results;
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A result's string property, failing with the peer's error if it rejected the case.</summary>
    public static string Str(this JsonElement result, string name, string context)
    {
        if (result.TryGetProperty("error", out var error))
        {
            Assert.Fail($"{context}: cosmjs rejected the case: {error.GetString()}");
        }
        return result.GetProperty(name).GetString()!;
    }
}
