namespace Oracle.Ibc.Tendermint;

/// <summary>
/// What the light client assumes: how much of a trusted validator set must sign a skipped-to header,
/// how long a verified header stays trusted, how far a header's time may run ahead of the clock, and
/// what time it is. The verification functions are pure: everything they depend on is here or in their arguments.
/// </summary>
public sealed record LightClientOptions
{
    /// <summary>Trust level for non-adjacent (skipping) verification; 1/3 by default.</summary>
    public TrustThreshold TrustThreshold { get; init; } = TrustThreshold.OneThird;

    /// <summary>How long after its time a trusted header may still be used; must be positive and, on a real chain,
    /// shorter than the unbonding period.</summary>
    public required TimeSpan TrustingPeriod { get; init; }

    /// <summary>How far after <see cref="Now"/> a header's time may be; not negative. CometBFT's default is 10 s.</summary>
    public TimeSpan MaxClockDrift { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Verify every commit signature for the block instead of stopping once enough power has signed
    /// (CometBFT's <c>VerifyCommitLightAllSignatures</c>); off by default, as CometBFT's and ibc-go's light clients.</summary>
    public bool VerifyAllSignatures { get; init; }

    /// <summary>How the chain hashes and signs; CometBFT's protobuf encoding by default.</summary>
    public IConsensusEncoding Encoding { get; init; } = ProtobufConsensusEncoding.Instance;

    /// <summary>The time of verification.</summary>
    public required TmTime Now { get; init; }

    /// <summary>Checks every option and names the first that is out of range.</summary>
    public TendermintResult Validate()
    {
        var trust = TrustThreshold.Validate();
        if (!trust.IsOk)
            return trust;
        if (TrustingPeriod <= TimeSpan.Zero)
            return new(TendermintError.InvalidOptions, $"TrustingPeriod must be positive, given {TrustingPeriod}");
        if (MaxClockDrift < TimeSpan.Zero)
            return new(TendermintError.InvalidOptions, $"MaxClockDrift must not be negative, given {MaxClockDrift}");
        if (Encoding is null)
            return new(TendermintError.InvalidOptions, "Encoding must be set");
        if (!Now.IsValid)
            return new(TendermintError.InvalidOptions, $"Now is out of range: {Now}");
        return TendermintResult.Ok;
    }
}
