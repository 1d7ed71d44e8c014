using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation;

/// <summary>What a verified quote says: the enclave's report and the platform's TCB status.</summary>
/// <param name="QuoteVersion">3 or 4.</param>
/// <param name="Status">The final TCB status (platform and QE converged).</param>
/// <param name="PlatformStatus">The platform's status from the TCB info.</param>
/// <param name="QeStatus">The quoting enclave's status from the QE identity.</param>
/// <param name="AdvisoryIds">The advisories of the platform's and the QE's TCB levels, platform first, without repeats.</param>
/// <param name="TcbDate">The TCB date of the platform's level.</param>
/// <param name="Report">The enclave's report body: measurements, attributes, REPORTDATA.</param>
/// <param name="Fmspc">The platform's FMSPC.</param>
/// <param name="PceSvn">The platform's PCESVN.</param>
/// <param name="TcbComponents">The platform's 16 TCB component SVNs.</param>
/// <param name="VerifiedAt">The verification time used.</param>
/// <param name="ValidUntil">The earliest time a part of the evidence or collateral stops being current.</param>
/// <param name="Simulated">True when the quote chains to a simulation root, not Intel's: it proves nothing about hardware.</param>
public sealed record VerifiedQuote(
    int QuoteVersion,
    TcbStatus Status,
    TcbStatus PlatformStatus,
    TcbStatus QeStatus,
    IReadOnlyList<string> AdvisoryIds,
    DateTimeOffset TcbDate,
    SgxReportBody Report,
    byte[] Fmspc,
    int PceSvn,
    int[] TcbComponents,
    DateTimeOffset VerifiedAt,
    DateTimeOffset ValidUntil,
    bool Simulated);

/// <summary>
/// Verifies SGX DCAP quotes (v3, v4) with their collateral the way Intel's quote verification
/// library does, against one pinned root: Intel's SGX Root CA, or a simulation root.
/// </summary>
/// <remarks>
/// Order: collateral validity windows; the root CA CRL, the PCK CRL's issuer chain and the PCK
/// CRL (issuer, signature, window); the PCK chain with revocation; the TCB info and QE identity chains and their
/// signatures over the raw JSON bytes; the QE report signature, QE report data and quote
/// signature; the QE report against the QE identity (MRSIGNER, ISVPRODID, masked MISCSELECT and
/// ATTRIBUTES, TCB level by ISVSVN); the PCK certificate's FMSPC and PCE-ID against the TCB
/// info and its SVNs against the TCB levels; the converged status (Revoked is refused).
/// Whether the result is acceptable (DEBUG, measurements, allowed statuses) is
/// <see cref="AttestationPolicy"/>'s question. A verifier is immutable and thread-safe.
/// </remarks>
public sealed class DcapVerifier
{
    private readonly byte[] _rootSha256;

    private DcapVerifier(byte[] rootSha256, bool simulated)
    {
        _rootSha256 = rootSha256;
        Simulated = simulated;
    }

    /// <summary>A verifier trusting only Intel's SGX Root CA.</summary>
    public static DcapVerifier Intel { get; } = new(PckChain.IntelSgxRootCaSha256.ToArray(), simulated: false);

    /// <summary>A verifier trusting only the simulation root with this SHA-256; every result it gives is marked simulated.</summary>
    /// <param name="simulationRootSha256">The SHA-256 of the simulation root's DER certificate (32 bytes).</param>
    public static DcapVerifier ForSimulation(ReadOnlySpan<byte> simulationRootSha256)
    {
        if (simulationRootSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("the root fingerprint must be 32 bytes", nameof(simulationRootSha256));
        }
        if (simulationRootSha256.SequenceEqual(PckChain.IntelSgxRootCaSha256))
        {
            throw new ArgumentException("Intel's root is not a simulation root", nameof(simulationRootSha256));
        }
        return new DcapVerifier(simulationRootSha256.ToArray(), simulated: true);
    }

    /// <summary>Whether this verifier trusts a simulation root (its results are marked simulated).</summary>
    public bool Simulated { get; }

    /// <summary>The SHA-256 of the one root this verifier trusts.</summary>
    public ReadOnlySpan<byte> RootSha256 => _rootSha256;

    /// <summary>Parses and verifies a quote.</summary>
    /// <exception cref="AttestationException">Any check failed; <see cref="AttestationException.Check"/> names it.</exception>
    public VerifiedQuote Verify(ReadOnlySpan<byte> quote, Collateral collateral, DateTimeOffset at)
    {
        using var parsed = SgxQuote.Parse(quote);
        return Verify(parsed, collateral, at);
    }

    /// <summary>Verifies a parsed quote.</summary>
    /// <exception cref="AttestationException">Any check failed; <see cref="AttestationException.Check"/> names it.</exception>
    public VerifiedQuote Verify(SgxQuote quote, Collateral collateral, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(collateral);
        try
        {
            return VerifyChecked(quote, collateral, at);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            // Certificates that parse but whose parts (keys, extensions) do not: refused, never escaped.
            throw new AttestationException(AttestationCheck.MalformedEvidence, $"a certificate or key in the evidence does not decode: {e.Message}", e);
        }
    }

    private VerifiedQuote VerifyChecked(SgxQuote quote, Collateral collateral, DateTimeOffset at)
    {
        var tcbInfo = collateral.TcbInfo;
        var qeIdentity = collateral.QeIdentity;

        Window(tcbInfo.IssueDate, tcbInfo.NextUpdate, at, AttestationCheck.TcbInfoValidity, "the TCB info");
        Window(qeIdentity.IssueDate, qeIdentity.NextUpdate, at, AttestationCheck.QeIdentityValidity, "the QE identity");

        var pck = quote.PckChainPem;
        if (pck.Count != 3)
        {
            throw new AttestationException(AttestationCheck.PckChainLength, $"the chain has {pck.Count} certificates, not 3 (leaf, intermediate, root)");
        }
        var root = pck[2];
        Span<byte> fingerprint = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(root.RawData, fingerprint);
        if (!fingerprint.SequenceEqual(_rootSha256))
        {
            throw new AttestationException(AttestationCheck.PckChainRootFingerprint, $"the root's SHA-256 is {Convert.ToHexStringLower(fingerprint)}, not the pinned {Convert.ToHexStringLower(_rootSha256)}");
        }
        collateral.RootCaCrl.Verify(root, at, AttestationCheck.RootCaCrl, "the root CA CRL");
        // The PCK CRL comes with its issuer chain (PCK CA, root), which must itself verify; the
        // CRL then covers the quote's leaf only if the leaf's issuer is that same CA (by name).
        TrustChain.Verify(collateral.PckCrlIssuerChain, 2, at, _rootSha256, [collateral.RootCaCrl], "collateral.pck_crl.chain");
        collateral.PckCrl.Verify(collateral.PckCrlIssuerChain[0], at, AttestationCheck.PckCrl, "the PCK CRL");
        RevocationList[] crls = [collateral.RootCaCrl, collateral.PckCrl];
        TrustChain.Verify(pck, 3, at, _rootSha256, crls, "pck.chain");

        TrustChain.Verify(collateral.TcbInfoIssuerChain, 2, at, _rootSha256, crls, "collateral.tcb_info.chain");
        if (!Der.VerifyEcdsaRaw(collateral.TcbInfoIssuerChain[0], collateral.TcbInfoRaw, collateral.TcbInfoSignature))
        {
            throw new AttestationException(AttestationCheck.TcbInfoSignature, "the TCB info signature does not verify over its raw JSON under the TCB signing certificate");
        }
        TrustChain.Verify(collateral.QeIdentityIssuerChain, 2, at, _rootSha256, crls, "collateral.qe_identity.chain");
        if (!Der.VerifyEcdsaRaw(collateral.QeIdentityIssuerChain[0], collateral.QeIdentityRaw, collateral.QeIdentitySignature))
        {
            throw new AttestationException(AttestationCheck.QeIdentitySignature, "the QE identity signature does not verify over its raw JSON under its signing certificate");
        }

        QuoteSignatureChecks.VerifyAll(quote);

        var (qeStatus, qeAdvisories) = CheckQeIdentity(quote.QeReportBody, qeIdentity);

        var extensions = PckExtensions.Read(pck[0]);
        if (!extensions.Fmspc.AsSpan().SequenceEqual(tcbInfo.Fmspc))
        {
            throw new AttestationException(AttestationCheck.TcbInfoFmspc, $"the PCK certificate's FMSPC {Convert.ToHexString(extensions.Fmspc)} is not the TCB info's {Convert.ToHexString(tcbInfo.Fmspc)}");
        }
        if (!extensions.PceId.AsSpan().SequenceEqual(tcbInfo.PceId))
        {
            throw new AttestationException(AttestationCheck.TcbInfoPceId, $"the PCK certificate's PCE-ID {Convert.ToHexString(extensions.PceId)} is not the TCB info's {Convert.ToHexString(tcbInfo.PceId)}");
        }
        var level = tcbInfo.Levels.FirstOrDefault(l => extensions.PceSvn >= l.PceSvn && Dominates(extensions.TcbComponents, l.Components))
            ?? throw new AttestationException(AttestationCheck.TcbLevel, $"no TCB level of the TCB info is met by SVNs [{string.Join(",", extensions.TcbComponents)}] PCESVN {extensions.PceSvn}");

        var status = TcbStatuses.Converge(level.Status, qeStatus);
        if (status == TcbStatus.Revoked)
        {
            throw new AttestationException(AttestationCheck.TcbRevoked, $"the TCB status is Revoked (platform {level.Status}, QE {qeStatus})");
        }
        var advisories = level.AdvisoryIds.Concat(qeAdvisories).Distinct(StringComparer.Ordinal).ToList();

        var validUntil = collateral.NextUpdate;
        foreach (var certificate in pck.Concat(collateral.TcbInfoIssuerChain).Concat(collateral.QeIdentityIssuerChain))
        {
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            if (notAfter < validUntil)
            {
                validUntil = notAfter;
            }
        }
        return new VerifiedQuote(
            quote.Header.Version, status, level.Status, qeStatus, advisories, level.TcbDate, quote.ReportBody,
            extensions.Fmspc, extensions.PceSvn, extensions.TcbComponents, at, validUntil, Simulated);
    }

    private static (TcbStatus Status, IReadOnlyList<string> Advisories) CheckQeIdentity(SgxReportBody qe, QeIdentity identity)
    {
        if (!qe.MrSigner.Span.SequenceEqual(identity.MrSigner))
        {
            throw new AttestationException(AttestationCheck.QeIdentityMismatch, $"the QE's MRSIGNER {Convert.ToHexString(qe.MrSigner.Span)} is not the QE identity's {Convert.ToHexString(identity.MrSigner)}");
        }
        if (qe.IsvProdId != identity.IsvProdId)
        {
            throw new AttestationException(AttestationCheck.QeIdentityMismatch, $"the QE's ISVPRODID {qe.IsvProdId} is not the QE identity's {identity.IsvProdId}");
        }
        // The identity's hex is the report's bytes in order; MISCSELECT is a little-endian u32 in the report.
        uint misc = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(qe.MiscSelect);
        if ((misc & identity.MiscSelectMask) != (identity.MiscSelect & identity.MiscSelectMask))
        {
            throw new AttestationException(AttestationCheck.QeIdentityMismatch, "the QE's MISCSELECT does not match the QE identity under its mask");
        }
        var attributes = qe.Attributes.Span;
        for (int i = 0; i < 16; i++)
        {
            if ((attributes[i] & identity.AttributesMask[i]) != (identity.Attributes[i] & identity.AttributesMask[i]))
            {
                throw new AttestationException(AttestationCheck.QeIdentityMismatch, $"the QE's ATTRIBUTES byte {i} does not match the QE identity under its mask");
            }
        }
        var level = identity.Levels.FirstOrDefault(l => qe.IsvSvn >= l.IsvSvn)
            ?? throw new AttestationException(AttestationCheck.QeTcbLevel, $"the QE's ISVSVN {qe.IsvSvn} is below every TCB level of the QE identity");
        return (level.Status, level.AdvisoryIds);
    }

    private static bool Dominates(int[] platform, int[] required)
    {
        for (int i = 0; i < required.Length; i++)
        {
            if (platform[i] < required[i])
            {
                return false;
            }
        }
        return true;
    }

    private static void Window(DateTimeOffset issued, DateTimeOffset nextUpdate, DateTimeOffset at, string check, string what)
    {
        if (at < issued)
        {
            throw new AttestationException(check, $"{what} was issued at {issued:O}, after the verification time {at:O}");
        }
        if (at > nextUpdate)
        {
            throw new AttestationException(check, $"{what} expired at {nextUpdate:O}, before the verification time {at:O}");
        }
    }
}
