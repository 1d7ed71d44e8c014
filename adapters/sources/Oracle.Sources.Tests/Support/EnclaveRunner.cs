using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Oracle.Sources.Tests.Support;

/// <summary>Runs the real enclave CLI (sim backend), <c>build/enclave-tls/oracle-enclave-run</c>.</summary>
internal static class EnclaveRunner
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Executable =>
        Environment.GetEnvironmentVariable("ORACLE_ENCLAVE_RUN") is { Length: > 0 } e ? e
        : Path.Combine(RepoRoot, "build", "enclave-tls", "oracle-enclave-run");

    public static string DevCaDirectory => Path.Combine(RepoRoot, "build", "enclave-tls", "dev-ca");

    /// <summary>Runs one execute request or bare job (the CLI wraps it) and returns the result JSON line.</summary>
    public static async Task<JsonObject> RunAsync(JsonObject request, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        Assert.True(File.Exists(Executable),
            $"{Executable} is missing: cmake -S enclave-tls -B build/enclave-tls && cmake --build build/enclave-tls --target oracle-enclave-run");
        var file = Path.Combine(Path.GetTempPath(), $"oracle-sources-job-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, request.ToJsonString());
        try
        {
            var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in arguments) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(file);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(cts.Token);
            var output = (await stdout).Trim();
            Assert.True(output.Length > 0, $"enclave printed nothing (exit {process.ExitCode}): {await stderr}");
            return JsonNode.Parse(output.Split('\n')[^1])!.AsObject();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "enclave-tls")) && File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
