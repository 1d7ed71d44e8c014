using System.Reflection;

// The enclave host and its tests run on Linux only (liboracle_enclave.so, nginx).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Oracle.Enclave.Host.Tests.Support;

/// <summary>Where the built pieces are: the host's dll (built by the ProjectReference), the enclave build.</summary>
public static class TestPaths
{
    public static string RepoRoot => Metadata("RepoRoot");

    public static string HostDll => Path.GetFullPath(Metadata("EnclaveHostDll"));

    /// <summary>build/enclave-tls, or ORACLE_ENCLAVE_BUILD_DIR.</summary>
    public static string EnclaveBuildDir =>
        Environment.GetEnvironmentVariable("ORACLE_ENCLAVE_BUILD_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(RepoRoot, "build", "enclave-tls");

    public static string EnclaveLibrary => Path.Combine(EnclaveBuildDir, "liboracle_enclave.so");

    public static string DevCaCertificate => Path.Combine(EnclaveBuildDir, "dev-ca", "dev-ca.pem");

    public static string DevCaKey => Path.Combine(EnclaveBuildDir, "dev-ca", "dev-ca.key");

    /// <summary>The sim backend's SIMULATED attestation PKI and collateral (cmake/sim_attestation.cmake).</summary>
    public static string SimAttestationDir => Path.Combine(EnclaveBuildDir, "sim-attestation");

    public static string Ethers => Path.Combine(RepoRoot, "node_modules", "ethers");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} missing");
}
