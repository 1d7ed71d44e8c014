using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation;

/// <summary>Verifies a PCK certificate chain (leaf, intermediate, root) up to the pinned Intel SGX Root CA.</summary>
/// <remarks>
/// Checks the chain length, the root's SHA-256 fingerprint against the pin, each certificate's
/// validity window at the verification time, and each signature link leaf → intermediate → root.
/// It does not yet check revocation (the PCK and root CA CRLs): that is a later slice.
/// </remarks>
public static class PckChain
{
    /// <summary>The SHA-256 fingerprint of the DER encoding of Intel's SGX Root CA certificate.</summary>
    public static ReadOnlySpan<byte> IntelSgxRootCaSha256 =>
        [
            0x44, 0xa0, 0x19, 0x6b, 0x2b, 0x99, 0xf8, 0x89, 0xb8, 0xe1, 0x49, 0xe9, 0x5b, 0x80, 0x7a, 0x35,
            0x0e, 0x74, 0x24, 0x96, 0x43, 0x99, 0xe8, 0x85, 0xa7, 0xcb, 0xb8, 0xcc, 0xfa, 0xb6, 0x74, 0xd3,
        ];

    /// <summary>Verifies <paramref name="chain"/> to the Intel SGX Root CA at <paramref name="verificationTime"/>.</summary>
    /// <param name="chain">The chain, leaf first, as in <see cref="SgxQuote.PckChainPem"/>.</param>
    /// <param name="verificationTime">The time at which every certificate must be valid.</param>
    /// <exception cref="AttestationException">The chain does not verify; <see cref="AttestationException.Check"/> names why.</exception>
    public static void Verify(IReadOnlyList<X509Certificate2> chain, DateTimeOffset verificationTime) =>
        Verify(chain, verificationTime, IntelSgxRootCaSha256);

    /// <summary>Verifies <paramref name="chain"/> to the root whose SHA-256 fingerprint is <paramref name="pinnedRootSha256"/>.</summary>
    /// <param name="chain">The chain, leaf first: exactly leaf, intermediate, root.</param>
    /// <param name="verificationTime">The time at which every certificate must be valid.</param>
    /// <param name="pinnedRootSha256">The SHA-256 fingerprint of the only root accepted (32 bytes).</param>
    /// <exception cref="AttestationException">The chain does not verify; <see cref="AttestationException.Check"/> names why.</exception>
    public static void Verify(IReadOnlyList<X509Certificate2> chain, DateTimeOffset verificationTime, ReadOnlySpan<byte> pinnedRootSha256)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (pinnedRootSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("the pinned fingerprint must be 32 bytes", nameof(pinnedRootSha256));
        }
        if (chain.Count != 3)
        {
            throw new AttestationException(AttestationCheck.PckChainLength, $"the chain has {chain.Count} certificates, not 3 (leaf, intermediate, root)");
        }
        var (leaf, intermediate, root) = (chain[0], chain[1], chain[2]);

        Span<byte> fingerprint = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(root.RawData, fingerprint);
        if (!fingerprint.SequenceEqual(pinnedRootSha256))
        {
            throw new AttestationException(AttestationCheck.PckChainRootFingerprint, $"the root's SHA-256 is {Convert.ToHexStringLower(fingerprint)}, not the pinned {Convert.ToHexStringLower(pinnedRootSha256)}");
        }

        string[] names = ["leaf", "intermediate", "root"];
        var at = verificationTime.UtcDateTime;
        for (int i = 0; i < chain.Count; i++)
        {
            var notBefore = chain[i].NotBefore.ToUniversalTime();
            var notAfter = chain[i].NotAfter.ToUniversalTime();
            if (at < notBefore || at > notAfter)
            {
                throw new AttestationException(AttestationCheck.PckChainValidity, $"the {names[i]} certificate is valid from {notBefore:O} to {notAfter:O}, not at {at:O}");
            }
        }

        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.Add(root);
        x509.ChainPolicy.ExtraStore.Add(intermediate);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509.ChainPolicy.DisableCertificateDownloads = true;
        x509.ChainPolicy.VerificationTime = at;
        x509.ChainPolicy.VerificationTimeIgnored = false;
        bool built = x509.Build(leaf);
        try
        {
            var problems = x509.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => s.Status.ToString()).ToArray();
            if (!built || problems.Length > 0)
            {
                throw new AttestationException(AttestationCheck.PckChainSignature, $"the chain does not verify: {string.Join(", ", problems)}");
            }
            // The chain built must be ours, link for link: no substitute from a system store.
            if (x509.ChainElements.Count != 3
                || !x509.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(intermediate.RawDataMemory.Span)
                || !x509.ChainElements[2].Certificate.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span))
            {
                throw new AttestationException(AttestationCheck.PckChainSignature, "the chain built is not leaf, intermediate, root as given");
            }
        }
        finally
        {
            for (int i = 0; i < x509.ChainElements.Count; i++)
            {
                x509.ChainElements[i].Certificate.Dispose();
            }
        }
    }
}
