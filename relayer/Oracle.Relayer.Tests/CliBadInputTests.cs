using System.Diagnostics;
using System.Reflection;
using Oracle.Devnet;

namespace Oracle.Relayer.Tests;

/// <summary>
/// <c>oracle-cli</c> (relayer/Oracle.Cli) run as a user would, on bad input (issue: "Bad input"): a bad
/// command line or a missing or malformed configuration file ends with exit code 2 and a message on
/// standard error that names what failed, not with a stack trace.
/// </summary>
public sealed class CliBadInputTests : IClassFixture<CliBadInputTests.Cli>, IDisposable
{
    private readonly Cli cli;
    private readonly string dir = Directory.CreateTempSubdirectory("oracle-cli-").FullName;

    public CliBadInputTests(Cli cli) => this.cli = cli;

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static TheoryData<string[], string[]> BadCommandLines => new()
    {
        // row: arguments; what standard error must say
        { ["frobnicate"], ["unknown command 'frobnicate'", "--help"] },
        { ["devnet", "--interval", "7"], ["--interval 7", "divisor of 60"] },
        { ["devnet", "--interval", "soon"], ["--interval soon", "expected an integer"] },
        { ["devnet", "--rounds"], ["--rounds needs a value"] },
        { ["devnet", "--colour"], ["unknown argument '--colour'"] },
        { ["relayer"], ["relayer: --config FILE is required"] },
        { ["relayer", "--config"], ["--config needs a value"] },
        { ["relayer", "--config", "/nonexistent/oracle/relayer.json"], ["/nonexistent/oracle/relayer.json", "file not found"] },
        { ["relayer", "--conf", "relayer.json"], ["unknown argument '--conf'"] },
    };

    public static TheoryData<string, string, string[]> BadConfigFiles => new()
    {
        // row: what is wrong; the file's text; what standard error must say ({file}: the file's path)
        { "not JSON", "{ \"Relayer\": { \"Chains\": [ }", ["{file}"] },
        { "empty", "", ["{file}"] },
        { "no Relayer section", "{ \"Logging\": {} }",
            ["bad configuration", "Relayer:Chains: no chain configured", "Relayer:Feeds: no feed and no request contract configured", "EnclaveClient:Endpoint: required"] },
        { "Relayer section empty", "{ \"Relayer\": {}, \"EnclaveClient\": { \"Endpoint\": \"https://localhost:7000\", \"PinnedSha256\": \"" + new string('a', 64) + "\" } }",
            ["bad configuration", "Relayer:Chains: no chain configured", "Relayer:Feeds: no feed and no request contract configured"] },
        { "Chains not a list", "{ \"Relayer\": { \"Chains\": \"devnet\" } }", ["bad configuration", "Relayer:Chains: expected a list"] },
        { "ChainId not a number", "{ \"Relayer\": { \"Chains\": [ { \"Name\": \"devnet\", \"ChainId\": \"mainnet\" } ] } }",
            ["bad configuration", "Relayer:Chains:0:ChainId: 'mainnet' is not a non-negative integer"] },
        { "enclave Timeout not a duration", "{ \"EnclaveClient\": { \"Timeout\": \"1 minute\" } }",
            ["bad configuration", "EnclaveClient:Timeout: '1 minute' is not a duration"] },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task Run_ExitsWith2AndNamesTheArgument_WhenTheCommandLineIsBad(string[] args, string[] says)
    {
        var r = await cli.RunAsync(args, dir);
        Assert.True(r.ExitCode == 2, $"exit code {r.ExitCode}\n{r.Stderr}");
        foreach (var s in says) Assert.Contains(s, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal); // no stack trace
    }

    [Theory]
    [MemberData(nameof(BadConfigFiles))]
    public async Task Relayer_ExitsWith2AndNamesWhatFailed_WhenTheConfigFileIsBad(string what, string text, string[] says)
    {
        string file = Path.Combine(dir, "relayer.json");
        await File.WriteAllTextAsync(file, text);

        var r = await cli.RunAsync(["relayer", "--config", file], dir);

        Assert.True(r.ExitCode == 2, $"{what}: exit code {r.ExitCode}\n{r.Stderr}");
        foreach (var s in says) Assert.Contains(s.Replace("{file}", file, StringComparison.Ordinal), r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The CLI of the tests' build configuration, <c>relayer/Oracle.Cli/bin/CONFIG/net10.0/oracle-cli.dll</c>.
    /// The test project does not reference it, so it is built here when missing or older than its sources.
    /// </summary>
    public sealed class Cli : IAsyncLifetime
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

        public string Dll { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var root = RepoPaths.Find().Root;
            string config = typeof(Cli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            string project = Path.Combine(root, "relayer", "Oracle.Cli");
            Dll = Path.Combine(project, "bin", config, "net10.0", "oracle-cli.dll");
            var sources = new[] { project, Path.Combine(root, "relayer", "Oracle.Relayer"), Path.Combine(root, "relayer", "Oracle.Devnet"), Path.Combine(root, "relayer", "Oracle.Attestation"), Path.Combine(root, "relayer", "Oracle.Node") }
                .SelectMany(d => Directory.EnumerateFiles(d, "*.cs*", SearchOption.AllDirectories))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
            if (File.Exists(Dll) && sources.All(f => File.GetLastWriteTimeUtc(f) <= File.GetLastWriteTimeUtc(Dll))) return;

            var build = await RunAsync("dotnet", ["build", Path.Combine(project, "Oracle.Cli.csproj"), "-c", config, "--nologo", "-v", "q"], root, TimeSpan.FromMinutes(5));
            if (build.ExitCode != 0 || !File.Exists(Dll))
                throw new InvalidOperationException($"building {project} failed (exit {build.ExitCode}):\n{build.Stdout}\n{build.Stderr}");
        }

        public Task DisposeAsync() => Task.CompletedTask;

        /// <summary>Runs <c>dotnet oracle-cli.dll ARGS</c>; killed after 60 s.</summary>
        public Task<Result> RunAsync(IEnumerable<string> args, string workDir) => RunAsync("dotnet", [Dll, .. args], workDir, Limit);

        private static async Task<Result> RunAsync(string file, IEnumerable<string> args, string workDir, TimeSpan limit)
        {
            var psi = new ProcessStartInfo(file)
            {
                WorkingDirectory = workDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(limit);
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
                throw new TimeoutException($"{file} {string.Join(' ', args)} still running after {limit.TotalSeconds:0} s; killed\n{await stderr}");
            }
            return new Result(p.ExitCode, await stdout, await stderr);
        }
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);
}
