using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation;

/// <summary>
/// The signature checks inside a DCAP quote: the quote signature by the attestation key, the QE
/// report data binding that key, and the QE report signature by the PCK leaf certificate.
/// </summary>
/// <remarks>
/// These checks do not establish that the PCK leaf certificate is Intel's: run
/// <see cref="PckChain"/> as well. Nor do they judge the TCB level, the QE identity or
/// the enclave's measurements.
/// </remarks>
public static class QuoteSignatureChecks
{
    /// <summary>Runs the three checks in the order Intel's verifier does: QE report signature, QE report data, quote signature.</summary>
    /// <param name="quote">A parsed quote.</param>
    /// <exception cref="AttestationException">A check failed; <see cref="AttestationException.Check"/> names it.</exception>
    public static void VerifyAll(SgxQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        VerifyQeReportSignature(quote);
        VerifyQeReportData(quote);
        VerifyQuoteSignature(quote);
    }

    /// <summary>Checks the quote signature by the attestation key over header || report body (ECDSA P-256, SHA-256).</summary>
    /// <param name="quote">A parsed quote.</param>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.AttestationKey"/> if the key is not on P-256, <see cref="AttestationCheck.QuoteSignature"/> if the signature does not verify.</exception>
    public static void VerifyQuoteSignature(SgxQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        using var key = ImportAttestationKey(quote.AttestationKey.Span);
        if (!key.VerifyData(quote.SignedBytes.Span, quote.QuoteSignature.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new AttestationException(AttestationCheck.QuoteSignature, "the quote signature does not verify under the attestation key");
        }
    }

    /// <summary>Checks that the QE report data is sha256(attestation key || QE auth data) followed by 32 zero bytes.</summary>
    /// <param name="quote">A parsed quote.</param>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.QeReportData"/> if it is not.</exception>
    public static void VerifyQeReportData(SgxQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        Span<byte> expected = stackalloc byte[64];
        expected.Clear();
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            hash.AppendData(quote.AttestationKey.Span);
            hash.AppendData(quote.QeAuthData.Span);
            hash.GetHashAndReset(expected[..32]);
        }
        if (!CryptographicOperations.FixedTimeEquals(expected, quote.QeReportBody.ReportData.Span))
        {
            throw new AttestationException(AttestationCheck.QeReportData, "the QE report data is not sha256(attestation key || QE auth data) || 32 zero bytes");
        }
    }

    /// <summary>Checks the QE report signature by the PCK leaf certificate's key over the raw 384-byte QE report body.</summary>
    /// <param name="quote">A parsed quote.</param>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.PckLeafPublicKey"/> if the leaf has no P-256 key, <see cref="AttestationCheck.QeReportSignature"/> if the signature does not verify.</exception>
    public static void VerifyQeReportSignature(SgxQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        using var key = LeafKey(quote.PckChainPem[0]);
        if (key.KeySize != 256)
        {
            throw new AttestationException(AttestationCheck.PckLeafPublicKey, $"the PCK leaf key is {key.KeySize} bits, not P-256");
        }
        if (!key.VerifyData(quote.QeReportBody.Raw.Span, quote.QeReportSignature.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new AttestationException(AttestationCheck.QeReportSignature, "the QE report signature does not verify under the PCK leaf key");
        }
    }

    private static ECDsa LeafKey(X509Certificate2 leaf)
    {
        try
        {
            return leaf.GetECDsaPublicKey()
                ?? throw new AttestationException(AttestationCheck.PckLeafPublicKey, "the PCK leaf certificate has no ECDSA public key");
        }
        catch (CryptographicException e)
        {
            throw new AttestationException(AttestationCheck.PckLeafPublicKey, "the PCK leaf certificate's public key does not import", e);
        }
    }

    private static ECDsa ImportAttestationKey(ReadOnlySpan<byte> xy)
    {
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = xy[..32].ToArray(), Y = xy[32..].ToArray() },
        };
        var key = ECDsa.Create();
        try
        {
            key.ImportParameters(parameters);
            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new AttestationException(AttestationCheck.AttestationKey, "the attestation key is not a point on P-256", e);
        }
    }
}
