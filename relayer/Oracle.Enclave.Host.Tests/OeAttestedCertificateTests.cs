using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Oracle.Attestation;
using Oracle.Enclave.Host.Tests.Support;

namespace Oracle.Enclave.Host.Tests;

/// <summary>
/// Open Enclave attested certificates made by the sim enclave (<c>oracle-enclave-run
/// --attested-certificate</c>): evidence under OID 1.3.6.1.4.1.311.105.2 whose custom claims are the
/// certificate's own key, verified under the sim build's SIMULATED root.
/// </summary>
public sealed class OeAttestedCertificateTests
{
    private static X509Certificate2 FromEnclave()
    {
        var psi = new ProcessStartInfo(Path.Combine(TestPaths.EnclaveBuildDir, "oracle-enclave-run"), "--attested-certificate")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        string pem = p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        return X509Certificate2.CreateFromPem(pem);
    }

    private static Collateral SimCollateral() => Collateral.FromJson(File.ReadAllBytes(Path.Combine(TestPaths.SimAttestationDir, "collateral.json")));

    private static DcapVerifier SimVerifier() =>
        DcapVerifier.ForSimulation(Convert.FromHexString(File.ReadAllText(Path.Combine(TestPaths.SimAttestationDir, "root.sha256")).Trim()));

    /// <summary>A self-signed certificate for a new key, carrying <paramref name="extensionValue"/> as its evidence.</summary>
    private static X509Certificate2 Forged(byte[] extensionValue, ECDsa key)
    {
        var request = new CertificateRequest("CN=forged", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension(OeAttestedCertificate.EvidenceOid, extensionValue, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static byte[] ExtensionOf(X509Certificate2 certificate) =>
        certificate.Extensions.Single(e => e.Oid?.Value == OeAttestedCertificate.EvidenceOid).RawData;

    [Fact]
    public void SimEnclaveCertificate_Verifies_AndItsClaimsAreItsOwnKey()
    {
        using var certificate = FromEnclave();
        using var collateral = SimCollateral();

        var evidence = OeAttestedCertificate.Read(certificate);
        var verified = OeAttestedCertificate.Verify(certificate, SimVerifier(), collateral, DateTimeOffset.UtcNow);

        Assert.Equal(OeAttestedCertificate.HeaderVersion, evidence.Version);
        Assert.Equal(0, evidence.CustomClaims[^1]);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", Encoding.ASCII.GetString(evidence.CustomClaims));
        Assert.True(verified.Simulated);
        Assert.Equal(SHA256.HashData(evidence.CustomClaims), verified.Report.ReportData[..32].ToArray());
    }

    [Fact]
    public void Certificate_WithTheEvidenceCopiedOntoAnotherKey_IsRefused()
    {
        using var original = FromEnclave();
        using var collateral = SimCollateral();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var forged = Forged(ExtensionOf(original), key);

        var ex = Assert.Throws<AttestationException>(() => OeAttestedCertificate.Verify(forged, SimVerifier(), collateral, DateTimeOffset.UtcNow));

        Assert.Equal(OeAttestedCertificate.CheckKey, ex.Check);
    }

    [Fact]
    public void Certificate_WhoseClaimsWereSwappedForTheForgersKey_FailsTheReportDataBinding()
    {
        using var original = FromEnclave();
        using var collateral = SimCollateral();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var evidence = OeAttestedCertificate.Read(original);
        var claims = Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n\0");
        var value = new byte[32 + evidence.Quote.Length + claims.Length];
        ExtensionOf(original).AsSpan(0, 32).CopyTo(value);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(24), (ulong)(evidence.Quote.Length + claims.Length));
        evidence.Quote.CopyTo(value, 32);
        claims.CopyTo(value, 32 + evidence.Quote.Length);
        using var forged = Forged(value, key);

        var ex = Assert.Throws<AttestationException>(() => OeAttestedCertificate.Verify(forged, SimVerifier(), collateral, DateTimeOffset.UtcNow));

        Assert.Equal(AttestationCheck.ReportDataBinding, ex.Check);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("format")]
    [InlineData("size")]
    [InlineData("truncated")]
    public void Certificate_WithABadHeader_IsRefused(string what)
    {
        using var original = FromEnclave();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var value = ExtensionOf(original);
        switch (what)
        {
            case "version": value[0] = 2; break;
            case "format": value[4] ^= 1; break;
            case "size": value[24] ^= 1; break;
            default: value = value[..100]; break;
        }
        using var forged = Forged(value, key);

        var ex = Assert.Throws<AttestationException>(() => OeAttestedCertificate.Read(forged));

        Assert.Equal(OeAttestedCertificate.CheckExtension, ex.Check);
    }

    [Fact]
    public void Certificate_WithoutTheExtension_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var plain = new CertificateRequest("CN=plain", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var ex = Assert.Throws<AttestationException>(() => OeAttestedCertificate.Read(plain));

        Assert.Equal(OeAttestedCertificate.CheckExtension, ex.Check);
    }
}
