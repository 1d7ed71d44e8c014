using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation;

/// <summary>Verifies a PCK certificate chain (leaf, intermediate, root) up to the pinned Intel SGX Root CA.</summary>
/// <remarks>
/// Checks the chain length, the root's SHA-256 fingerprint against the pin, each certificate's
/// validity window at the verification time, and each signature link leaf → intermediate → root
/// (<see cref="TrustChain"/>). Revocation is checked by <see cref="DcapVerifier"/>, which has the CRLs.
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
        TrustChain.Verify(chain, 3, verificationTime, pinnedRootSha256, null, "pck.chain");
    }
}
