using System.Text.Json;
using Oracle.Devnet;

namespace Oracle.Relayer.Tests;

/// <summary><c>oracle-cli attest verify</c> run as a user would, on the shared DCAP vectors.</summary>
public sealed class AttestCliTests : IClassFixture<CliBadInputTests.Cli>, IDisposable
{
    private const string PhalaMrEnclave = "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb";
    private readonly CliBadInputTests.Cli cli;
    private readonly string dir = Directory.CreateTempSubdirectory("oracle-attest-").FullName;
    private static readonly string Vectors = Path.Combine(RepoPaths.Find().Root, "..", "shared", "vectors", "sgx-dcap");
    private static readonly string Quote = Path.Combine(Vectors, "phala-dcap-qvl", "sample", "sgx_quote");
    private static readonly string Collateral = Path.Combine(Vectors, "phala-dcap-qvl", "sample", "sgx_quote_collateral.json");
    private static readonly string SecretQuote = Path.Combine(Vectors, "secret-network", "cosmwasm", "enclaves", "execute", "src", "registration", "fixtures", "attestation_dcap.quote");

    public AttestCliTests(CliBadInputTests.Cli cli) => this.cli = cli;

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Verify_PrintsStatusAdvisoriesAndMeasurements_AndAccepts_UnderAMatchingPolicy()
    {
        var r = await cli.RunAsync(["attest", "verify", "--quote", Quote, "--collateral", Collateral, "--at", "2025-07-01T00:00:00Z",
            "--allow-status", "ConfigurationAndSWHardeningNeeded", "--mrenclave", PhalaMrEnclave], dir);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("ConfigurationAndSWHardeningNeeded (platform ConfigurationAndSWHardeningNeeded, quoting enclave UpToDate", r.Stdout);
        Assert.Contains("INTEL-SA-00289, INTEL-SA-00615", r.Stdout);
        Assert.Contains("MRENCLAVE " + PhalaMrEnclave, r.Stdout);
        Assert.Contains("(INIT, MODE64BIT)", r.Stdout);
        Assert.Contains("\"Hello, world!\"", r.Stdout);
        Assert.Contains("ACCEPTED", r.Stdout);
    }

    [Fact]
    public async Task Verify_Json_CarriesTheSameVerdict()
    {
        var r = await cli.RunAsync(["attest", "verify", "--quote", Quote, "--collateral", Collateral, "--at", "2025-07-01T00:00:00Z", "--json", "--mrenclave", PhalaMrEnclave], dir);

        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.False(root.GetProperty("accepted").GetBoolean());
        Assert.Equal("ConfigurationAndSWHardeningNeeded", root.GetProperty("tcb_status").GetString());
        Assert.Equal(["INTEL-SA-00289", "INTEL-SA-00615"], root.GetProperty("advisory_ids").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("policy.tcb_status", root.GetProperty("failed_check").GetString());
        Assert.Equal("2025-07-19T10:01:18Z", root.GetProperty("valid_until").GetString());
    }

    [Theory]
    [InlineData("2025-08-01T00:00:00Z", "collateral.tcb_info.validity")]
    [InlineData("2030-01-01T00:00:00Z", "collateral.tcb_info.validity")]
    public async Task Verify_Refuses_OutsideTheCollateralsWindow(string at, string check)
    {
        var r = await cli.RunAsync(["attest", "verify", "--quote", Quote, "--collateral", Collateral, "--at", at], dir);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("REFUSED: " + check, r.Stdout);
    }

    [Fact]
    public async Task Verify_RefusesTheSecretNetworkQuote_ForDebug()
    {
        var r = await cli.RunAsync(["attest", "verify", "--quote", SecretQuote], dir);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("SGX DCAP v3", r.Stdout);
        Assert.Contains("DEBUG", r.Stdout);
        Assert.Contains("REFUSED: policy.debug", r.Stdout);
    }

    [Fact]
    public async Task Verify_RefusesATruncatedQuote_NamingTheCheck_AndAcceptsHex()
    {
        var bytes = await File.ReadAllBytesAsync(Quote);
        string truncated = Path.Combine(dir, "truncated.quote");
        await File.WriteAllBytesAsync(truncated, bytes[..1000]);
        string hex = Path.Combine(dir, "quote.hex");
        await File.WriteAllTextAsync(hex, Convert.ToHexStringLower(bytes) + "\n");

        var cut = await cli.RunAsync(["attest", "verify", "--quote", truncated, "--collateral", Collateral, "--at", "2025-07-01T00:00:00Z"], dir);
        var fromHex = await cli.RunAsync(["attest", "verify", "--quote", hex, "--collateral", Collateral, "--at", "2025-07-01T00:00:00Z", "--json"], dir);

        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("REFUSED: quote.signature_data.length", cut.Stdout);
        Assert.DoesNotContain("   at ", cut.Stdout + cut.Stderr);
        Assert.Equal("ConfigurationAndSWHardeningNeeded", JsonDocument.Parse(fromHex.Stdout).RootElement.GetProperty("tcb_status").GetString());
    }

    public static TheoryData<string[], string> BadUsage => new()
    {
        { ["attest"], "attest verify --quote FILE" },
        { ["attest", "verify"], "--quote FILE (or --certificate FILE) is required" },
        { ["attest", "verify", "--quote", "/nonexistent/q"], "cannot read --quote /nonexistent/q" },
        { ["attest", "verify", "--quote", Quote, "--at", "yesterday"], "--at 'yesterday' is not an ISO 8601 time" },
        { ["attest", "verify", "--quote", Quote, "--allow-status", "Fine"], "--allow-status 'Fine' is not a TCB status" },
        { ["attest", "verify", "--quote", Quote, "--mrenclave", "abcd"], "--mrenclave is 2 bytes, not 32" },
        { ["attest", "verify", "--quote", Quote, "--mrsigner", PhalaMrEnclave], "--mrsigner needs --isvprodid N" },
    };

    [Theory]
    [MemberData(nameof(BadUsage))]
    public async Task Verify_ExitsWith2_OnBadUsage(string[] args, string says)
    {
        var r = await cli.RunAsync(args, dir);

        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stdout}{r.Stderr}");
        Assert.Contains(says, r.Stderr);
    }
}

/// <summary><c>oracle-cli attest verify</c> on the sim enclave's own evidence (oracle-enclave-run --identity).</summary>
public sealed class AttestCliSimulationTests : IClassFixture<CliBadInputTests.Cli>, IDisposable
{
    private readonly CliBadInputTests.Cli cli;
    private readonly string dir = Directory.CreateTempSubdirectory("oracle-attest-sim-").FullName;
    private static readonly string Build = Path.Combine(RepoPaths.Find().Root, "build", "enclave-tls");

    public AttestCliSimulationTests(CliBadInputTests.Cli cli) => this.cli = cli;

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>Runs <c>oracle-enclave-run ARG</c> from the enclave build and returns its standard output.</summary>
    private static async Task<string> EnclaveRunAsync(string argument)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Path.Combine(Build, "oracle-enclave-run"), argument) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        return output;
    }

    private async Task<string> SimQuoteAsync()
    {
        string json = await EnclaveRunAsync("--identity");
        string quote = Path.Combine(dir, "sim.quote");
        await File.WriteAllTextAsync(quote, JsonDocument.Parse(json).RootElement.GetProperty("evidence").GetString()![2..]);
        return quote;
    }

    [Fact]
    public async Task SimEvidence_IsAccepted_OnlyWithAllowSimulation_AndSaysSimulated()
    {
        string quote = await SimQuoteAsync();
        string collateral = Path.Combine(Build, "sim-attestation", "collateral.json");
        string root = Path.Combine(Build, "sim-attestation", "root.sha256");

        var intel = await cli.RunAsync(["attest", "verify", "--quote", quote, "--collateral", collateral], dir);
        var allowed = await cli.RunAsync(["attest", "verify", "--quote", quote, "--collateral", collateral,
            "--allow-simulation", "--simulation-root", root, "--mrsigner", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("AttestedOracle/sim/MRSIGNER"u8)), "--isvprodid", "1"], dir);
        var noFlag = await cli.RunAsync(["attest", "verify", "--quote", quote, "--collateral", collateral, "--simulation-root", root], dir);

        Assert.Equal(1, intel.ExitCode);
        Assert.Contains("REFUSED: pck.chain.root_fingerprint", intel.Stdout);
        Assert.True(allowed.ExitCode == 0, allowed.Stdout + allowed.Stderr);
        Assert.Contains("SIMULATED", allowed.Stdout);
        Assert.Contains("TCB status   UpToDate", allowed.Stdout);
        Assert.Equal(2, noFlag.ExitCode);
        Assert.Contains("--simulation-root needs --allow-simulation", noFlag.Stderr);
    }

    [Fact]
    public async Task OeAttestedCertificate_FromTheSimEnclave_IsAccepted_WithAllowSimulation()
    {
        string pem = await EnclaveRunAsync("--attested-certificate");
        string certificate = Path.Combine(dir, "attested.pem");
        await File.WriteAllTextAsync(certificate, pem);
        string collateral = Path.Combine(Build, "sim-attestation", "collateral.json");

        var r = await cli.RunAsync(["attest", "verify", "--certificate", certificate, "--collateral", collateral, "--json",
            "--allow-simulation", "--simulation-root", Path.Combine(Build, "sim-attestation", "root.sha256"),
            "--mrsigner", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("AttestedOracle/sim/MRSIGNER"u8)), "--isvprodid", "1"], dir);
        var both = await cli.RunAsync(["attest", "verify", "--certificate", certificate, "--quote", certificate], dir);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.True(doc.RootElement.GetProperty("certificate_key_bound").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("simulated").GetBoolean());
        Assert.Equal(2, both.ExitCode);
    }
}
