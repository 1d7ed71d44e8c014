namespace Oracle.Devnet;

/// <summary>Where the devnet finds what the build made: the repository root and its build outputs.</summary>
public sealed record RepoPaths(string Root)
{
    /// <summary>
    /// The repository root: <c>ORACLE_ROOT</c> if set, else the first folder above this assembly
    /// (or the current directory) that holds <c>Oracle.sln</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    public static RepoPaths Find()
    {
        var env = Environment.GetEnvironmentVariable("ORACLE_ROOT");
        if (!string.IsNullOrEmpty(env)) return new RepoPaths(Path.GetFullPath(env));
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Oracle.sln"))) return new RepoPaths(d.FullName);
        }
        throw new DirectoryNotFoundException("cannot find the repository root (a folder with Oracle.sln); set ORACLE_ROOT");
    }

    /// <summary>The enclave build folder (CMake).</summary>
    public string EnclaveBuild => Path.Combine(Root, "build", "enclave-tls");

    /// <summary>The enclave host library.</summary>
    public string EnclaveLibrary => Path.Combine(EnclaveBuild, "liboracle_enclave.so");

    /// <summary>The development CA the sim enclave's bundle includes (certificate, then key).</summary>
    public (string Cert, string Key) DevCa => (Path.Combine(EnclaveBuild, "dev-ca", "dev-ca.pem"), Path.Combine(EnclaveBuild, "dev-ca", "dev-ca.key"));

    /// <summary>The sim backend's SIMULATED attestation PKI: collateral.json and root.sha256 (cmake/sim_attestation.cmake).</summary>
    public string SimAttestation => Path.Combine(EnclaveBuild, "sim-attestation");

    /// <summary>Compiled contract artifacts (contracts/build.mjs).</summary>
    public string ContractsBuild => Path.Combine(Root, "build", "contracts");

    /// <summary>The anvil binary from npm.</summary>
    public string Anvil => Path.Combine(Root, "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

    /// <summary>The enclave host's entry assembly next to this one (same build configuration).</summary>
    public string EnclaveHostDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "Oracle.Enclave.Host.dll");
            return File.Exists(beside) ? beside : Path.Combine(Root, "relayer", "Oracle.Enclave.Host", "bin", "Release", "net10.0", "Oracle.Enclave.Host.dll");
        }
    }
}
