using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Evm.Tests.Support;

/// <summary>Runs peers/ethers_peer.mjs once for a batch of cases and returns its results in order.</summary>
internal static class EthersPeer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static IReadOnlyList<JsonElement> Run(IReadOnlyList<JsonObject> cases)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "ethers_peer.mjs");
        var ethers = RepoRoot.Combine("node_modules", "ethers", "package.json");
        if (!File.Exists(ethers))
        {
            Assert.Fail($"ethers is not installed at {ethers}: run `npm ci` in the repository root (deploy/setup.sh does)");
        }
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot.Path_,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(RepoRoot.Path_);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"`node` is not on PATH ({e.Message}): the differential tests against ethers need Node.js 20+");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(new JsonArray([.. cases]).ToJsonString());
            process.StandardInput.Close();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"ethers peer did not finish within {Timeout.TotalSeconds} s");
            }
            if (process.ExitCode != 0)
            {
                Assert.Fail($"ethers peer exited with {process.ExitCode}: {stderr.Result}");
            }
            var results = JsonDocument.Parse(stdout.Result).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
            Assert.Equal(cases.Count, results.Count);
            return results;
        }
    }

    /// <summary>A result's string property, failing with the peer's error if it rejected the case.</summary>
    public static string Str(this JsonElement result, string name, string context)
    {
        if (result.TryGetProperty("error", out var error))
        {
            Assert.Fail($"{context}: ethers rejected the case: {error.GetString()}");
        }
        return result.GetProperty(name).GetString()!;
    }
}
