using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation.Tests;

/// <summary>CRL handling on a chain made at run time (the Intel sample's CRLs revoke nothing).</summary>
public sealed class RevocationTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private sealed class Pki : IDisposable
    {
        public required X509Certificate2 Root { get; init; }
        public required X509Certificate2 Intermediate { get; init; }
        public required X509Certificate2 Leaf { get; init; }
        public X509Certificate2[] Chain => [Leaf, Intermediate, Root];
        public byte[] RootSha256 => SHA256.HashData(Root.RawData);

        public static Pki Create()
        {
            using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var rootRequest = new CertificateRequest("CN=Test SGX Root CA", rootKey, HashAlgorithmName.SHA256);
            rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            var root = rootRequest.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));

            using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var intermediateRequest = new CertificateRequest("CN=Test SGX PCK Processor CA", intermediateKey, HashAlgorithmName.SHA256);
            intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            using var intermediatePublic = intermediateRequest.Create(root, Now.AddDays(-1), Now.AddMonths(6), [1, 2, 3]);
            var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

            using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var leafRequest = new CertificateRequest("CN=Test SGX PCK Certificate", leafKey, HashAlgorithmName.SHA256);
            var leaf = leafRequest.Create(intermediate, Now.AddDays(-1), Now.AddMonths(3), [0x0a, 0xbc, 0xde]);
            return new Pki { Root = root, Intermediate = intermediate, Leaf = leaf };
        }

        public RevocationList Crl(X509Certificate2 issuer, params X509Certificate2[] revoked)
        {
            var builder = new CertificateRevocationListBuilder();
            foreach (var certificate in revoked)
            {
                builder.AddEntry(certificate, Now.AddHours(-1));
            }
            var der = builder.Build(issuer, 1, Now.AddDays(30), HashAlgorithmName.SHA256, thisUpdate: Now.AddDays(-1));
            var crl = RevocationList.Parse(der, "test.crl");
            crl.Verify(issuer, Now, "test.crl", "the test CRL");
            return crl;
        }

        public void Dispose()
        {
            Root.Dispose();
            Intermediate.Dispose();
            Leaf.Dispose();
        }
    }

    [Fact]
    public void Verify_Passes_WhenNothingIsRevoked()
    {
        using var pki = Pki.Create();

        TrustChain.Verify(pki.Chain, 3, Now, pki.RootSha256, [pki.Crl(pki.Root), pki.Crl(pki.Intermediate)], "pck.chain");
    }

    [Fact]
    public void Verify_ThrowsRevoked_WhenTheLeafIsOnItsIssuersCrl()
    {
        using var pki = Pki.Create();
        var crls = new[] { pki.Crl(pki.Root), pki.Crl(pki.Intermediate, pki.Leaf) };

        var ex = Assert.Throws<AttestationException>(() => TrustChain.Verify(pki.Chain, 3, Now, pki.RootSha256, crls, "pck.chain"));

        Assert.Equal("pck.chain.revoked", ex.Check);
        Assert.Contains("certificate 0", ex.Message);
        // The same chain passes when revocation is not asked for: the CRL is what refused it.
        TrustChain.Verify(pki.Chain, 3, Now, pki.RootSha256, null, "pck.chain");
    }

    [Fact]
    public void Verify_ThrowsRevoked_WhenTheIntermediateIsOnTheRootCrl()
    {
        using var pki = Pki.Create();
        var crls = new[] { pki.Crl(pki.Root, pki.Intermediate), pki.Crl(pki.Intermediate) };

        var ex = Assert.Throws<AttestationException>(() => TrustChain.Verify(pki.Chain, 3, Now, pki.RootSha256, crls, "pck.chain"));

        Assert.Equal("pck.chain.revoked", ex.Check);
        Assert.Contains("certificate 1", ex.Message);
    }

    [Fact]
    public void Verify_ThrowsRevocation_WhenTheIssuersCrlIsMissing()
    {
        using var pki = Pki.Create();

        var ex = Assert.Throws<AttestationException>(() => TrustChain.Verify(pki.Chain, 3, Now, pki.RootSha256, [pki.Crl(pki.Root)], "pck.chain"));

        Assert.Equal("pck.chain.revocation", ex.Check);
    }

    [Fact]
    public void CrlVerify_Throws_WhenSignedByAnotherCa_OrOutOfDate()
    {
        using var pki = Pki.Create();
        using var other = Pki.Create();
        var crl = pki.Crl(pki.Intermediate, pki.Leaf);

        var wrongIssuer = Assert.Throws<AttestationException>(() => crl.Verify(other.Intermediate, Now, "collateral.pck_crl", "the PCK CRL"));
        Assert.Equal("collateral.pck_crl", wrongIssuer.Check);
        Assert.Contains("signature does not verify", wrongIssuer.Message);

        var late = Assert.Throws<AttestationException>(() => crl.Verify(pki.Intermediate, Now.AddDays(31), "collateral.pck_crl", "the PCK CRL"));
        Assert.Contains("valid from", late.Message);
        Assert.Equal(1, crl.RevokedCount);
        Assert.True(crl.IsRevoked(pki.Leaf));
        Assert.False(crl.IsRevoked(pki.Intermediate));
    }

    [Fact]
    public void Verify_ThrowsCa_WhenAnIssuerIsNotACa()
    {
        using var pki = Pki.Create();
        // The PCK leaf (not a CA) placed as the issuer of the intermediate.
        var ex = Assert.Throws<AttestationException>(() => TrustChain.Verify([pki.Intermediate, pki.Leaf, pki.Root], 3, Now, pki.RootSha256, null, "pck.chain"));
        Assert.Equal("pck.chain.ca", ex.Check);
    }
}
