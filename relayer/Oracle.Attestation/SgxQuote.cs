using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Oracle.Attestation;

/// <summary>
/// An SGX DCAP quote (version 3, or version 4 with TEE type SGX) with an ECDSA P-256 attestation
/// key and a PCK certificate chain (certification data type 5), parsed into its parts.
/// </summary>
/// <remarks>
/// Parsing checks only the layout: every length is bounded by its container and the quote has no
/// trailing bytes. It does not verify any signature; see <see cref="QuoteSignatureChecks"/> and
/// <see cref="PckChain"/>. The instance owns the certificates of <see cref="PckChainPem"/>:
/// dispose it when done.
/// </remarks>
public sealed class SgxQuote : IDisposable
{
    /// <summary>The size of an ECDSA P-256 signature (r || s) or public key (x || y) in bytes.</summary>
    public const int EcdsaP256Size = 64;

    /// <summary>Certification data type: PCK leaf || intermediate || root, PEM, NUL-terminated.</summary>
    public const ushort CertificationDataPckChain = 5;

    /// <summary>Certification data type (v4): QE report certification data wrapping type 5.</summary>
    public const ushort CertificationDataQeReport = 6;

    private SgxQuote(
        SgxQuoteHeader header,
        SgxReportBody reportBody,
        ReadOnlyMemory<byte> quoteSignature,
        ReadOnlyMemory<byte> attestationKey,
        SgxReportBody qeReportBody,
        ReadOnlyMemory<byte> qeReportSignature,
        ReadOnlyMemory<byte> qeAuthData,
        IReadOnlyList<X509Certificate2> pckChain,
        ReadOnlyMemory<byte> signedBytes)
    {
        Header = header;
        ReportBody = reportBody;
        QuoteSignature = quoteSignature;
        AttestationKey = attestationKey;
        QeReportBody = qeReportBody;
        QeReportSignature = qeReportSignature;
        QeAuthData = qeAuthData;
        PckChainPem = pckChain;
        SignedBytes = signedBytes;
    }

    /// <summary>The 48-byte quote header.</summary>
    public SgxQuoteHeader Header { get; }

    /// <summary>The enclave's report body.</summary>
    public SgxReportBody ReportBody { get; }

    /// <summary>The quote signature (r || s, 64 bytes) over <see cref="SignedBytes"/>.</summary>
    public ReadOnlyMemory<byte> QuoteSignature { get; }

    /// <summary>The attestation public key (x || y, 64 bytes, P-256) that signed the quote.</summary>
    public ReadOnlyMemory<byte> AttestationKey { get; }

    /// <summary>The quoting enclave's report body, which binds the attestation key.</summary>
    public SgxReportBody QeReportBody { get; }

    /// <summary>The PCK key's signature (r || s, 64 bytes) over the raw QE report body.</summary>
    public ReadOnlyMemory<byte> QeReportSignature { get; }

    /// <summary>The QE authentication data (hashed with the attestation key into the QE report data).</summary>
    public ReadOnlyMemory<byte> QeAuthData { get; }

    /// <summary>The PCK certificate chain from the certification data, leaf first (usually leaf, intermediate, root).</summary>
    public IReadOnlyList<X509Certificate2> PckChainPem { get; }

    /// <summary>The bytes the quote signature covers: header || report body (432 bytes).</summary>
    public ReadOnlyMemory<byte> SignedBytes { get; }

    /// <summary>Parses a DCAP quote.</summary>
    /// <param name="quote">The quote bytes; they are copied.</param>
    /// <returns>The parsed quote, which owns its certificates.</returns>
    /// <exception cref="AttestationException">The quote is malformed or of an unsupported kind; <see cref="AttestationException.Check"/> names what.</exception>
    public static SgxQuote Parse(ReadOnlySpan<byte> quote)
    {
        ReadOnlyMemory<byte> data = quote.ToArray();
        var reader = new QuoteReader(data);

        var header = SgxQuoteHeader.Read(reader.Take(SgxQuoteHeader.Size, AttestationCheck.Header, "header"));
        if (header.Version is not (3 or 4))
        {
            throw new AttestationException(AttestationCheck.HeaderVersion, $"version {header.Version} is not 3 or 4");
        }
        if (header.AttestationKeyType != SgxQuoteHeader.EcdsaP256)
        {
            throw new AttestationException(AttestationCheck.HeaderAttestationKeyType, $"attestation key type {header.AttestationKeyType} is not 2 (ECDSA P-256)");
        }
        if (header.TeeType != SgxQuoteHeader.TeeTypeSgx)
        {
            throw new AttestationException(AttestationCheck.HeaderTeeType, $"TEE type 0x{header.TeeType:x} is not 0 (SGX)");
        }

        var reportBody = SgxReportBody.Read(reader.Take(SgxReportBody.Size, AttestationCheck.ReportBody, "report body"));
        var signedBytes = data[..(SgxQuoteHeader.Size + SgxReportBody.Size)];

        uint signatureDataLength = reader.U32(AttestationCheck.SignatureDataLength, "signature data length");
        if (signatureDataLength != reader.Remaining)
        {
            throw new AttestationException(AttestationCheck.SignatureDataLength, $"signature data length {signatureDataLength} but {reader.Remaining} bytes follow");
        }

        var sig = new QuoteReader(reader.Take(signatureDataLength, AttestationCheck.SignatureDataLength, "signature data"));
        var quoteSignature = sig.Take(EcdsaP256Size, AttestationCheck.SignatureDataQuoteSignature, "quote signature");
        var attestationKey = sig.Take(EcdsaP256Size, AttestationCheck.SignatureDataAttestationKey, "attestation key");

        QuoteReader qe;
        if (header.Version == 3)
        {
            qe = sig;
        }
        else
        {
            qe = new QuoteReader(ReadCertificationData(ref sig, CertificationDataQeReport, "outer certification data"));
            sig.End(AttestationCheck.SignatureDataTrailing, "after certification data");
        }

        var qeReportBody = SgxReportBody.Read(qe.Take(SgxReportBody.Size, AttestationCheck.SignatureDataQeReportBody, "QE report body"));
        var qeReportSignature = qe.Take(EcdsaP256Size, AttestationCheck.SignatureDataQeReportSignature, "QE report signature");
        ushort qeAuthDataLength = qe.U16(AttestationCheck.SignatureDataQeAuthData, "QE auth data length");
        var qeAuthData = qe.Take(qeAuthDataLength, AttestationCheck.SignatureDataQeAuthData, "QE auth data");
        var pckChainData = ReadCertificationData(ref qe, CertificationDataPckChain, "certification data");
        qe.End(AttestationCheck.SignatureDataTrailing, "after certification data");

        var pckChain = ParsePemChain(pckChainData.Span);
        return new SgxQuote(header, reportBody, quoteSignature, attestationKey, qeReportBody, qeReportSignature, qeAuthData, pckChain, signedBytes);
    }

    /// <summary>Disposes the certificates of <see cref="PckChainPem"/>.</summary>
    public void Dispose()
    {
        foreach (var certificate in PckChainPem)
        {
            certificate.Dispose();
        }
    }

    private static ReadOnlyMemory<byte> ReadCertificationData(ref QuoteReader reader, ushort expectedType, string what)
    {
        ushort type = reader.U16(AttestationCheck.CertificationDataType, what + " type");
        if (type != expectedType)
        {
            throw new AttestationException(AttestationCheck.CertificationDataType, $"{what} type {type} is not {expectedType}");
        }
        uint size = reader.U32(AttestationCheck.CertificationDataSize, what + " size");
        return reader.Take(size, AttestationCheck.CertificationDataSize, what);
    }

    private static List<X509Certificate2> ParsePemChain(ReadOnlySpan<byte> data)
    {
        // PEM is ASCII; anything else decodes to '?' and fails the PEM or base64 checks.
        return Pem.Certificates(Encoding.ASCII.GetString(data), AttestationCheck.CertificationDataPckChain, "the PCK chain in the certification data");
    }
}
