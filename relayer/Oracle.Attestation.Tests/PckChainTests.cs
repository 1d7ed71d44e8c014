using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation.Tests;

public sealed class PckChainTests
{
    [Fact]
    public void IntelSgxRootCaSha256_MatchesShippedRootCertificate()
    {
        Assert.Equal(
            "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3",
            Convert.ToHexStringLower(SHA256.HashData(Vectors.IntelRootCaDer())));
        Assert.True(PckChain.IntelSgxRootCaSha256.SequenceEqual(SHA256.HashData(Vectors.IntelRootCaDer())));
    }

    [Fact]
    public void Verify_Passes_WhenPhalaSampleAtItsVerificationTime()
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        PckChain.Verify(quote.PckChainPem, Vectors.PhalaVerificationTime);
    }

    [Fact]
    public void Verify_ThrowsRootFingerprint_WhenPinnedRootDiffers()
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());
        var otherPin = PckChain.IntelSgxRootCaSha256.ToArray();
        otherPin[0] ^= 0x01;

        var ex = Assert.Throws<AttestationException>(() => PckChain.Verify(quote.PckChainPem, Vectors.PhalaVerificationTime, otherPin));
        Assert.Equal(AttestationCheck.PckChainRootFingerprint, ex.Check);
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("2100-01-01T00:00:00Z")]
    public void Verify_ThrowsValidity_WhenTimeIsOutsideCertificates(string time)
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        var ex = Assert.Throws<AttestationException>(() => PckChain.Verify(quote.PckChainPem, DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(AttestationCheck.PckChainValidity, ex.Check);
    }

    [Fact]
    public void Verify_ThrowsValidity_WhenJustAfterLeafExpires()
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());
        var afterLeaf = new DateTimeOffset(quote.PckChainPem[0].NotAfter.ToUniversalTime()).AddSeconds(1);

        var ex = Assert.Throws<AttestationException>(() => PckChain.Verify(quote.PckChainPem, afterLeaf));
        Assert.Equal(AttestationCheck.PckChainValidity, ex.Check);
    }

    [Fact]
    public void Verify_ThrowsLength_WhenIntermediateIsMissing()
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        var ex = Assert.Throws<AttestationException>(() => PckChain.Verify([quote.PckChainPem[0], quote.PckChainPem[2]], Vectors.PhalaVerificationTime));
        Assert.Equal(AttestationCheck.PckChainLength, ex.Check);
    }

    [Fact]
    public void Verify_ThrowsSignature_WhenRootIsGivenAsLeaf()
    {
        using var quote = SgxQuote.Parse(Vectors.PhalaQuote());

        var ex = Assert.Throws<AttestationException>(() => PckChain.Verify([quote.PckChainPem[2], quote.PckChainPem[1], quote.PckChainPem[2]], Vectors.PhalaVerificationTime));
        Assert.Equal(AttestationCheck.PckChainSignature, ex.Check);
    }

    [Fact]
    public void Verify_Passes_WhenGeneratedChainAndItsOwnPin()
    {
        using var chain = GeneratedChain.Create(signLeafWithOtherKey: false);

        PckChain.Verify(chain.Certificates, DateTimeOffset.UtcNow, SHA256.HashData(chain.Certificates[2].RawData));
    }

    [Fact]
    public void Verify_ThrowsRootFingerprint_WhenGeneratedChainAndIntelPin()
    {
        using var chain = GeneratedChain.Create(signLeafWithOtherKey: false);

        var ex = Assert.Throws<AttestationException>(() => PckChain.Verify(chain.Certificates, DateTimeOffset.UtcNow));
        Assert.Equal(AttestationCheck.PckChainRootFingerprint, ex.Check);
    }

    [Fact]
    public void Verify_ThrowsSignature_WhenLeafIsSignedByAnotherKey()
    {
        using var chain = GeneratedChain.Create(signLeafWithOtherKey: true);

        var ex = Assert.Throws<AttestationException>(() => PckChain.Verify(chain.Certificates, DateTimeOffset.UtcNow, SHA256.HashData(chain.Certificates[2].RawData)));
        Assert.Equal(AttestationCheck.PckChainSignature, ex.Check);
    }

    /// <summary>A throwaway leaf, intermediate, root chain with the PCK chain's shape (P-256, CA constraints).</summary>
    private sealed class GeneratedChain : IDisposable
    {
        private GeneratedChain(X509Certificate2[] certificates) => Certificates = certificates;

        public X509Certificate2[] Certificates { get; }

        public static GeneratedChain Create(bool signLeafWithOtherKey)
        {
            var from = DateTimeOffset.UtcNow.AddDays(-1);
            var to = DateTimeOffset.UtcNow.AddDays(1);
            using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

            var rootRequest = CaRequest("CN=Test Root CA", rootKey);
            using var root = rootRequest.CreateSelfSigned(from, to);
            var intermediateRequest = CaRequest("CN=Test Intermediate CA", intermediateKey);
            using var intermediate = intermediateRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), from, to, [1]);
            var leafRequest = new CertificateRequest("CN=Test PCK", leafKey, HashAlgorithmName.SHA256);
            var leafSigner = X509SignatureGenerator.CreateForECDsa(signLeafWithOtherKey ? otherKey : intermediateKey);
            using var leaf = leafRequest.Create(intermediate.SubjectName, leafSigner, from, to, [2]);

            return new GeneratedChain(
            [
                X509CertificateLoader.LoadCertificate(leaf.RawData),
                X509CertificateLoader.LoadCertificate(intermediate.RawData),
                X509CertificateLoader.LoadCertificate(root.RawData),
            ]);
        }

        public void Dispose()
        {
            foreach (var certificate in Certificates)
            {
                certificate.Dispose();
            }
        }

        private static CertificateRequest CaRequest(string subject, ECDsa key)
        {
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return request;
        }
    }
}
