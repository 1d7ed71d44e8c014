namespace Oracle.Attestation.Tests;

/// <summary>The shared test vectors, read in place from ../shared/vectors beside the repo root.</summary>
internal static class Vectors
{
    public static readonly DateTimeOffset PhalaVerificationTime = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] PhalaQuote() => Read("sgx-dcap/phala-dcap-qvl/sample/sgx_quote");

    public static byte[] PhalaCollateralJson() => Read("sgx-dcap/phala-dcap-qvl/sample/sgx_quote_collateral.json");

    public static Collateral PhalaCollateral() => Collateral.FromJson(PhalaCollateralJson());

    public static byte[] IntelRootCaDer() => Read("sgx-dcap/phala-dcap-qvl/src/TrustedRootCA.der");

    public static byte[] SecretNetworkDebugQuote() =>
        Read("sgx-dcap/secret-network/cosmwasm/enclaves/execute/src/registration/fixtures/attestation_dcap.quote");

    private static byte[] Read(string relative) => File.ReadAllBytes(Path.Combine(RepoRoot(), "..", "shared", "vectors", relative));

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oracle.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Oracle.sln above {AppContext.BaseDirectory}");
    }
}
