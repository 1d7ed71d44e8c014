using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// A block as the light client handles it: the signed header, the validator set that signed it, and the
/// next validator set when known (what the CometBFT RPC's <c>/commit</c> and <c>/validators</c> give, and the
/// tendermint-rs JSON form). The wire message <see cref="Protos.LightBlock"/> has no next validator set.
/// </summary>
/// <param name="SignedHeader">Header and commit.</param>
/// <param name="Validators">The set whose hash is the header's validators_hash.</param>
/// <param name="NextValidators">The set whose hash is the header's next_validators_hash; needed to trust from this block.</param>
public sealed record LightClientBlock(SignedHeader SignedHeader, ValidatorSet Validators, ValidatorSet? NextValidators = null)
{
    /// <summary>The header's height (0 when the header is missing).</summary>
    public long Height => SignedHeader?.Header?.Height ?? 0;

    /// <summary>The wire form (signed header and validator set).</summary>
    public LightBlock ToProto() => new() { SignedHeader = SignedHeader, ValidatorSet = Validators };

    /// <summary>The block of a wire light block, with the next validator set if the caller has it.</summary>
    public static LightClientBlock FromProto(LightBlock block, ValidatorSet? nextValidators = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new(block.SignedHeader, block.ValidatorSet, nextValidators);
    }
}

/// <summary>
/// What the light client trusts: a verified header's chain id, height and time, and the validator set that the
/// header named as next (its hash must be <see cref="NextValidatorsHash"/>). In ICS-07 terms: the client state's
/// chain id, a consensus state's timestamp and next_validators_hash, and the header's trusted_validators.
/// </summary>
/// <param name="ChainId">The chain.</param>
/// <param name="Height">The trusted header's height.</param>
/// <param name="Time">The trusted header's time.</param>
/// <param name="NextValidatorsHash">The trusted header's next_validators_hash.</param>
/// <param name="NextValidators">The validators that hash to <paramref name="NextValidatorsHash"/>.</param>
public sealed record TrustedState(string ChainId, long Height, TmTime Time, ByteString NextValidatorsHash, ValidatorSet NextValidators)
{
    /// <summary>The trusted state of a verified block.</summary>
    /// <exception cref="TendermintException"><see cref="TendermintError.MissingField"/> when the block has no header or no next validator set.</exception>
    public static TrustedState FromBlock(LightClientBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var header = block.SignedHeader?.Header
            ?? throw new TendermintException(TendermintError.MissingField, "trusted block has no header");
        var next = block.NextValidators
            ?? throw new TendermintException(TendermintError.MissingField, "trusted block has no next validator set");
        return new(header.ChainId, header.Height, TmTime.FromProto(header.Time), header.NextValidatorsHash, next);
    }
}
