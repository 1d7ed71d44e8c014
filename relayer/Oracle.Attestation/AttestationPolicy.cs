namespace Oracle.Attestation;

/// <summary>An MRSIGNER rule: enclaves by this signer, with this product id, at or above this security version.</summary>
/// <param name="MrSigner">The signer's MRSIGNER (32 bytes).</param>
/// <param name="IsvProdId">The product id.</param>
/// <param name="MinIsvSvn">The lowest ISVSVN accepted.</param>
public sealed record SignerRule(byte[] MrSigner, ushort IsvProdId, ushort MinIsvSvn);

/// <summary>
/// Which verified quotes are acceptable: allowed TCB statuses (default UpToDate and
/// SWHardeningNeeded), DEBUG refused, the enclave's measurement in an MRENCLAVE allowlist or
/// matching an MRSIGNER rule, simulated evidence refused unless allowed.
/// </summary>
public sealed class AttestationPolicy
{
    /// <summary>The statuses accepted when none are configured.</summary>
    public static readonly IReadOnlySet<TcbStatus> DefaultStatuses = new HashSet<TcbStatus> { TcbStatus.UpToDate, TcbStatus.SWHardeningNeeded };

    /// <summary>The TCB statuses accepted.</summary>
    public IReadOnlySet<TcbStatus> AllowedStatuses { get; init; } = DefaultStatuses;

    /// <summary>MRENCLAVE values accepted (32 bytes each).</summary>
    public IReadOnlyList<byte[]> MrEnclaves { get; init; } = [];

    /// <summary>MRSIGNER rules accepted.</summary>
    public IReadOnlyList<SignerRule> Signers { get; init; } = [];

    /// <summary>Accept DEBUG enclaves (never in production: their memory is open to the host).</summary>
    public bool AllowDebug { get; init; }

    /// <summary>Accept simulated evidence (development only; <c>Attestation:AllowSimulation</c>).</summary>
    public bool AllowSimulation { get; init; }

    /// <summary>Checks the enclave's own report: DEBUG and measurements. Needs no collateral.</summary>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.PolicyDebug"/> or <see cref="AttestationCheck.PolicyMeasurement"/>.</exception>
    public void CheckReport(SgxReportBody report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Debug && !AllowDebug)
        {
            throw new AttestationException(AttestationCheck.PolicyDebug, "the enclave runs in DEBUG mode (ATTRIBUTES.DEBUG set): the host can read its memory");
        }
        if (MrEnclaves.Any(m => report.MrEnclave.Span.SequenceEqual(m)))
        {
            return;
        }
        if (Signers.Any(s => report.MrSigner.Span.SequenceEqual(s.MrSigner) && report.IsvProdId == s.IsvProdId && report.IsvSvn >= s.MinIsvSvn))
        {
            return;
        }
        if (MrEnclaves.Count == 0 && Signers.Count == 0)
        {
            throw new AttestationException(AttestationCheck.PolicyMeasurement, "no MRENCLAVE or MRSIGNER is allowed: configure the allowlist");
        }
        throw new AttestationException(AttestationCheck.PolicyMeasurement,
            $"MRENCLAVE {Convert.ToHexStringLower(report.MrEnclave.Span)} (MRSIGNER {Convert.ToHexStringLower(report.MrSigner.Span)}, ISVPRODID {report.IsvProdId}, ISVSVN {report.IsvSvn}) is not allowed");
    }

    /// <summary>Checks a verified quote: simulation, the report (<see cref="CheckReport"/>) and the TCB status.</summary>
    /// <exception cref="AttestationException">A <c>policy.*</c> check failed.</exception>
    public void Check(VerifiedQuote verified)
    {
        ArgumentNullException.ThrowIfNull(verified);
        if (verified.Simulated && !AllowSimulation)
        {
            throw new AttestationException(AttestationCheck.PolicySimulation, "the evidence is SIMULATED (signed under a development root, not Intel's) and Attestation:AllowSimulation is false");
        }
        CheckReport(verified.Report);
        if (!AllowedStatuses.Contains(verified.Status))
        {
            throw new AttestationException(AttestationCheck.PolicyTcbStatus,
                $"the TCB status {verified.Status} is not allowed (allowed: {string.Join(", ", AllowedStatuses.Order())}; advisories {string.Join(", ", verified.AdvisoryIds)})");
        }
    }
}
