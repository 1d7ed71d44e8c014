using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation;

/// <summary>
/// Verifies a certificate chain of Intel's SGX PKI (PCK chain, TCB signing chain, QE identity
/// signing chain) up to a root pinned by its SHA-256 fingerprint, link by link, with CRLs.
/// </summary>
/// <remarks>
/// Checked, in order: the chain length, the root's fingerprint, every certificate's validity
/// window at the verification time, every issuer being a CA, each link's issuer name and
/// ecdsa-with-SHA256 signature, and (when CRLs are given) that no certificate is on the CRL
/// of its issuer. No system store, no download: the pin is the only trust.
/// The codes are <c>{prefix}.length</c>, <c>.root_fingerprint</c>, <c>.validity</c>, <c>.ca</c>,
/// <c>.signature</c>, <c>.revocation</c>, <c>.revoked</c> and <c>.certificate</c> (a part that does not decode).
/// </remarks>
public static class TrustChain
{
    /// <summary>Verifies <paramref name="chain"/> (leaf first, root last).</summary>
    /// <param name="chain">The certificates, leaf first.</param>
    /// <param name="expectedLength">How many certificates the chain must have.</param>
    /// <param name="at">The verification time.</param>
    /// <param name="pinnedRootSha256">The SHA-256 of the only root accepted.</param>
    /// <param name="crls">CRLs already verified with <see cref="RevocationList.Verify"/>, or null to skip revocation.</param>
    /// <param name="prefix">The check code prefix, for example <c>pck.chain</c>.</param>
    /// <exception cref="AttestationException">A check failed.</exception>
    public static void Verify(IReadOnlyList<X509Certificate2> chain, int expectedLength, DateTimeOffset at, ReadOnlySpan<byte> pinnedRootSha256, IReadOnlyList<RevocationList>? crls, string prefix)
    {
        try
        {
            VerifyChecked(chain, expectedLength, at, pinnedRootSha256, crls, prefix);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // A certificate whose DER loads but whose dates, extensions or key do not decode.
            throw new AttestationException(prefix + ".certificate", $"a certificate of the chain does not decode: {e.Message}", e);
        }
    }

    private static void VerifyChecked(IReadOnlyList<X509Certificate2> chain, int expectedLength, DateTimeOffset at, ReadOnlySpan<byte> pinnedRootSha256, IReadOnlyList<RevocationList>? crls, string prefix)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (pinnedRootSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("the pinned fingerprint must be 32 bytes", nameof(pinnedRootSha256));
        }
        if (chain.Count != expectedLength)
        {
            throw new AttestationException(prefix + ".length", $"the chain has {chain.Count} certificates, not {expectedLength}");
        }
        var root = chain[^1];
        Span<byte> fingerprint = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(root.RawData, fingerprint);
        if (!fingerprint.SequenceEqual(pinnedRootSha256))
        {
            throw new AttestationException(prefix + ".root_fingerprint", $"the root's SHA-256 is {Convert.ToHexStringLower(fingerprint)}, not the pinned {Convert.ToHexStringLower(pinnedRootSha256)}");
        }

        var utc = at.UtcDateTime;
        for (int i = 0; i < chain.Count; i++)
        {
            var notBefore = chain[i].NotBefore.ToUniversalTime();
            var notAfter = chain[i].NotAfter.ToUniversalTime();
            if (utc < notBefore || utc > notAfter)
            {
                throw new AttestationException(prefix + ".validity", $"certificate {i} ('{chain[i].Subject}') is valid from {notBefore:O} to {notAfter:O}, not at {utc:O}");
            }
        }

        for (int i = 0; i < chain.Count; i++)
        {
            var subject = chain[i];
            var issuer = i + 1 < chain.Count ? chain[i + 1] : root;
            if (i + 1 < chain.Count && !IsCa(issuer))
            {
                throw new AttestationException(prefix + ".ca", $"certificate {i + 1} ('{issuer.Subject}') issues certificate {i} but is not a CA");
            }
            if (i + 1 == chain.Count)
            {
                // The root is trusted by its pin; it must still be self-issued to end the chain.
                if (!subject.IssuerName.RawData.AsSpan().SequenceEqual(subject.SubjectName.RawData))
                {
                    throw new AttestationException(prefix + ".signature", $"the root '{subject.Subject}' is not self-issued");
                }
            }
            else
            {
                if (!subject.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
                {
                    throw new AttestationException(prefix + ".signature", $"certificate {i} is issued by '{subject.Issuer}', not by the next certificate '{issuer.Subject}'");
                }
                var (tbs, algorithm, signature) = Der.SplitSigned(subject.RawDataMemory, prefix + ".signature", $"certificate {i}");
                if (algorithm != Der.EcdsaWithSha256 || !Der.VerifyEcdsa(issuer, tbs.Span, signature))
                {
                    throw new AttestationException(prefix + ".signature", $"certificate {i}'s signature does not verify under '{issuer.Subject}'");
                }
            }
            if (crls is not null)
            {
                var crl = crls.FirstOrDefault(c => c.Issuer.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData));
                if (crl is null)
                {
                    throw new AttestationException(prefix + ".revocation", $"no CRL from '{issuer.Subject}' to check certificate {i} ('{subject.Subject}') against");
                }
                if (crl.IsRevoked(subject))
                {
                    throw new AttestationException(prefix + ".revoked", $"certificate {i} ('{subject.Subject}', serial {subject.SerialNumber}) is revoked by its issuer's CRL");
                }
            }
        }
    }

    private static bool IsCa(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509BasicConstraintsExtension basic)
            {
                return basic.CertificateAuthority;
            }
        }
        return false;
    }
}
