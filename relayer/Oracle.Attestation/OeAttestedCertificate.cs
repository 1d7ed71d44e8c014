using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Oracle.Attestation;

/// <summary>What an Open Enclave attested certificate carries.</summary>
/// <param name="Version">The attestation header's version (3).</param>
/// <param name="Quote">The SGX DCAP quote.</param>
/// <param name="CustomClaims">The custom claims: the certificate's public key in PEM, NUL-terminated.</param>
public sealed record OeEvidence(uint Version, byte[] Quote, byte[] CustomClaims);

/// <summary>
/// Open Enclave attested certificates (<c>oe_get_attestation_certificate_with_evidence_v2</c>):
/// an X.509 certificate whose extension 1.3.6.1.4.1.311.105.2 holds a 32-byte attestation header
/// (version 3, format <c>OE_FORMAT_UUID_SGX_ECDSA</c>, data size), the quote, and custom claims
/// that are the certificate's public key in PEM plus NUL, bound by REPORTDATA[0..32] = sha256(claims).
/// </summary>
public static class OeAttestedCertificate
{
    /// <summary>The evidence extension's OID.</summary>
    public const string EvidenceOid = "1.3.6.1.4.1.311.105.2";

    /// <summary>The attestation header version Open Enclave writes.</summary>
    public const uint HeaderVersion = 3;

    /// <summary>The extension is missing, duplicated, or its header or layout is wrong.</summary>
    public const string CheckExtension = "oe_cert.extension";
    /// <summary>The custom claims are not a NUL-terminated PEM public key.</summary>
    public const string CheckClaims = "oe_cert.claims";
    /// <summary>The claims name another key than the certificate's.</summary>
    public const string CheckKey = "oe_cert.key_mismatch";
    /// <summary>The certificate is not signed by its own key.</summary>
    public const string CheckSignature = "oe_cert.signature";

    /// <summary>OE_FORMAT_UUID_SGX_ECDSA.</summary>
    public static ReadOnlySpan<byte> FormatSgxEcdsa =>
        [0xa3, 0xa2, 0x1e, 0x87, 0x1b, 0x4d, 0x40, 0x14, 0xb7, 0x0a, 0xa1, 0x25, 0xd2, 0xfb, 0xcd, 0x8c];

    /// <summary>Reads the evidence out of <paramref name="certificate"/>, checking the header and layout.</summary>
    /// <exception cref="AttestationException"><see cref="CheckExtension"/>.</exception>
    public static OeEvidence Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var found = certificate.Extensions.Where(e => e.Oid?.Value == EvidenceOid).ToList();
        if (found.Count != 1)
        {
            throw new AttestationException(CheckExtension, $"the certificate has {found.Count} evidence extensions ({EvidenceOid}), not 1");
        }
        var data = found[0].RawData.AsSpan();
        if (data.Length < 32)
        {
            throw new AttestationException(CheckExtension, $"the evidence is {data.Length} bytes, shorter than its 32-byte header");
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (version != HeaderVersion)
        {
            throw new AttestationException(CheckExtension, $"attestation header version {version}, not {HeaderVersion}");
        }
        if (!data.Slice(4, 16).SequenceEqual(FormatSgxEcdsa))
        {
            throw new AttestationException(CheckExtension, $"evidence format {Convert.ToHexStringLower(data.Slice(4, 16))} is not SGX ECDSA (a3a21e87-1b4d-4014-b70a-a125d2fbcd8c)");
        }
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(data[24..]);
        if (size != (ulong)(data.Length - 32))
        {
            throw new AttestationException(CheckExtension, $"the header says {size} bytes of data, but {data.Length - 32} follow");
        }
        var body = data[32..];
        const int fixedPart = SgxQuoteHeader.Size + SgxReportBody.Size + 4;
        if (body.Length < fixedPart)
        {
            throw new AttestationException(CheckExtension, "the data ends inside the quote");
        }
        ulong quoteLength = (ulong)fixedPart + BinaryPrimitives.ReadUInt32LittleEndian(body[(fixedPart - 4)..]);
        if (quoteLength > (ulong)body.Length)
        {
            throw new AttestationException(CheckExtension, $"the quote's signature data runs past the evidence ({quoteLength} > {body.Length} bytes)");
        }
        return new OeEvidence(version, body[..(int)quoteLength].ToArray(), body[(int)quoteLength..].ToArray());
    }

    /// <summary>
    /// Verifies an attested certificate: its self-signature, the quote (with <paramref name="verifier"/>
    /// and <paramref name="collateral"/> at <paramref name="at"/>), that REPORTDATA[0..32] is
    /// sha256(custom claims), and that the claims are the certificate's own public key.
    /// </summary>
    /// <exception cref="AttestationException">A check failed; the code names it.</exception>
    public static VerifiedQuote Verify(X509Certificate2 certificate, DcapVerifier verifier, Collateral collateral, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var evidence = Read(certificate);
        var (tbs, algorithm, signature) = Der.SplitSigned(certificate.RawDataMemory, CheckSignature, "the certificate");
        if (algorithm != Der.EcdsaWithSha256 || !Der.VerifyEcdsa(certificate, tbs.Span, signature))
        {
            throw new AttestationException(CheckSignature, "the certificate is not signed by its own key");
        }
        var verified = verifier.Verify(evidence.Quote, collateral, at);
        var expected = SHA256.HashData(evidence.CustomClaims);
        if (!CryptographicOperations.FixedTimeEquals(verified.Report.ReportData.Span[..32], expected))
        {
            throw new AttestationException(AttestationCheck.ReportDataBinding, "REPORTDATA[0..32] is not sha256 of the custom claims");
        }
        var claims = evidence.CustomClaims;
        if (claims.Length < 2 || claims[^1] != 0)
        {
            throw new AttestationException(CheckClaims, "the custom claims are not NUL-terminated");
        }
        string pem = Encoding.ASCII.GetString(claims, 0, claims.Length - 1);
        byte[] claimed;
        try
        {
            if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != "PUBLIC KEY" || !string.IsNullOrWhiteSpace(pem[..fields.Location.Start]) && pem[..fields.Location.Start].Length > 0 || !string.IsNullOrWhiteSpace(pem[fields.Location.End..]) && pem[fields.Location.End..].Length > 0)
            {
                throw new AttestationException(CheckClaims, "the custom claims are not exactly one PEM PUBLIC KEY");
            }
            claimed = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (FormatException e)
        {
            throw new AttestationException(CheckClaims, "the custom claims' PEM is not base64", e);
        }
        var own = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        if (!claimed.AsSpan().SequenceEqual(own))
        {
            throw new AttestationException(CheckKey, "the custom claims name another public key than the certificate's");
        }
        return verified;
    }
}
