namespace Oracle.Ibc.Tendermint;

/// <summary>
/// The fraction of a trusted validator set's voting power that must sign a non-adjacent header
/// (CometBFT's trust level, ibc-go's <c>Fraction</c>). Valid values are in [1/3, 1].
/// </summary>
public readonly record struct TrustThreshold(ulong Numerator, ulong Denominator)
{
    /// <summary>1/3, the default and the least that keeps the security model.</summary>
    public static TrustThreshold OneThird { get; } = new(1, 3);

    /// <summary>2/3, the fraction of a block's own validator set that must sign it (strictly more than).</summary>
    public static TrustThreshold TwoThirds { get; } = new(2, 3);

    /// <summary>Checks the range [1/3, 1] and a non-zero denominator (CometBFT <c>ValidateTrustLevel</c>).</summary>
    public TendermintResult Validate()
    {
        if (Denominator == 0 || (UInt128)Numerator * 3 < Denominator || Numerator > Denominator)
            return new(TendermintError.InvalidTrustThreshold, $"trust threshold must be within [1/3, 1], given {this}");
        return TendermintResult.Ok;
    }

    /// <summary>True when <paramref name="tallied"/> is strictly more than this fraction of <paramref name="total"/>
    /// (the same as CometBFT's <c>tallied &gt; total * num / den</c> with integer division).</summary>
    public bool IsEnoughPower(long tallied, long total) =>
        (Int128)tallied * Denominator > (Int128)total * Numerator;

    /// <inheritdoc />
    public override string ToString() => $"{Numerator}/{Denominator}";
}
