using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation;

/// <summary>The DER helpers shared by certificate, CRL and extension checks.</summary>
internal static class Der
{
    /// <summary>ecdsa-with-SHA256, the only signature algorithm Intel's SGX PKI uses.</summary>
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";

    /// <summary>
    /// Splits a signed DER object (certificate or CRL: SEQUENCE { tbs, algorithm, BIT STRING })
    /// into the bytes signed, the algorithm OID and the DER-encoded signature.
    /// </summary>
    public static (ReadOnlyMemory<byte> Tbs, string Algorithm, byte[] Signature) SplitSigned(ReadOnlyMemory<byte> der, string check, string what)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var seq = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var tbs = seq.ReadEncodedValue();
            var algorithm = seq.ReadSequence();
            string oid = algorithm.ReadObjectIdentifier();
            if (algorithm.HasData)
            {
                algorithm.ReadEncodedValue(); // parameters: absent for ECDSA, tolerated if NULL-like
            }
            algorithm.ThrowIfNotEmpty();
            byte[] signature = seq.ReadBitString(out int unused);
            if (unused != 0)
            {
                throw new AttestationException(check, $"{what}: the signature BIT STRING has {unused} unused bits");
            }
            seq.ThrowIfNotEmpty();
            return (tbs, oid, signature);
        }
        catch (AsnContentException e)
        {
            throw new AttestationException(check, $"{what} is not well-formed DER", e);
        }
    }

    /// <summary>Verifies an ECDSA-with-SHA256 DER signature by <paramref name="signer"/>'s P-256 key.</summary>
    public static bool VerifyEcdsa(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature) =>
        Verify(signer, data, derSignature, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Verifies a raw r || s (64 bytes) ECDSA-with-SHA256 signature by <paramref name="signer"/>'s P-256 key.</summary>
    public static bool VerifyEcdsaRaw(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> rawSignature) =>
        rawSignature.Length == 64 && Verify(signer, data, rawSignature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    // A key that does not decode, or is not P-256, verifies nothing: false, never an exception.
    private static bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, DSASignatureFormat format)
    {
        try
        {
            using var key = signer.GetECDsaPublicKey();
            return key is not null && key.KeySize == 256 && key.VerifyData(data, signature, HashAlgorithmName.SHA256, format);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>A serial number as upper-case hex without leading zero bytes, so that DER and .NET forms compare equal.</summary>
    public static string SerialKey(ReadOnlySpan<byte> bigEndian)
    {
        int i = 0;
        while (i < bigEndian.Length - 1 && bigEndian[i] == 0)
        {
            i++;
        }
        return Convert.ToHexString(bigEndian[i..]);
    }
}
