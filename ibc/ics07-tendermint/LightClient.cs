using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// The CometBFT light client's verification of one block against a trusted state (<c>light/verifier.go</c>,
/// with the check order of tendermint-rs' <c>verify_update_header</c>). Pure functions: the result depends on
/// the arguments only, the current time included (<see cref="LightClientOptions.Now"/>).
/// </summary>
/// <remarks>
/// The checks, in order:
/// <list type="number">
/// <item>the options (trust threshold in [1/3, 1], positive trusting period, clock drift not negative);</item>
/// <item>the trusted next validators hash to the trusted next_validators_hash;</item>
/// <item>the untrusted block's shape (<see cref="BlockValidation"/>): header, commit, validator sets; its validator set
/// hashes to validators_hash and its next validator set, when given, to next_validators_hash; the commit is for the
/// header's height and hash, has one signature slot per validator, and every signer is in the set;</item>
/// <item>against the trusted state: trust not expired (trusted time + trusting period after now), time after the
/// trusted time, the same chain id; adjacent: validators_hash equals the trusted next_validators_hash;
/// otherwise: height above the trusted height;</item>
/// <item>the header's time before now + max clock drift;</item>
/// <item>adjacent: more than 2/3 of the block's validators signed (<see cref="CommitVerifier.VerifyCommitLight"/>);
/// non-adjacent: more than the trust level of the trusted next validators signed
/// (<see cref="CommitVerifier.VerifyCommitLightTrusting"/>, else <see cref="Verdict.NotEnoughTrust"/>), then more than
/// 2/3 of the block's validators.</item>
/// </list>
/// </remarks>
public static class LightClient
{
    /// <summary>Verifies <paramref name="untrusted"/> against <paramref name="trusted"/>: adjacent when its height is the
    /// trusted height + 1, skipping otherwise.</summary>
    /// <returns>The failed rule, or <see cref="TendermintResult.Ok"/>; <see cref="TendermintResult.Verdict"/> gives
    /// Success, NotEnoughTrust or Invalid.</returns>
    public static TendermintResult Verify(TrustedState trusted, LightClientBlock untrusted, LightClientOptions options) =>
        VerifyCore(trusted, untrusted, options, null);

    /// <summary>Verifies a block at the trusted height + 1, whose validators the trusted header named as next.</summary>
    /// <returns><see cref="TendermintError.WrongAdjacency"/> when the heights are not adjacent; else as <see cref="Verify"/>.</returns>
    public static TendermintResult VerifyAdjacent(TrustedState trusted, LightClientBlock untrusted, LightClientOptions options) =>
        VerifyCore(trusted, untrusted, options, true);

    /// <summary>Verifies a block more than one height above the trusted one (skipping).</summary>
    /// <returns><see cref="TendermintError.WrongAdjacency"/> when the heights are adjacent; else as <see cref="Verify"/>.</returns>
    public static TendermintResult VerifyNonAdjacent(TrustedState trusted, LightClientBlock untrusted, LightClientOptions options) =>
        VerifyCore(trusted, untrusted, options, false);

    private static TendermintResult VerifyCore(TrustedState trusted, LightClientBlock untrusted, LightClientOptions options, bool? adjacentMode)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        ArgumentNullException.ThrowIfNull(untrusted);
        ArgumentNullException.ThrowIfNull(options);
        var r = options.Validate();
        if (!r.IsOk)
            return r;

        var encoding = options.Encoding;
        r = CheckTrusted(trusted, encoding, out var trustedValidators);
        if (!r.IsOk)
            return r;

        r = CheckUntrusted(untrusted, encoding, out var validators);
        if (!r.IsOk)
            return r;
        var header = untrusted.SignedHeader.Header;
        var commit = untrusted.SignedHeader.Commit;

        var adjacent = trusted.Height != long.MaxValue && header.Height == trusted.Height + 1;
        if (adjacentMode is { } mode && mode != adjacent)
            return new(TendermintError.WrongAdjacency, mode
                ? $"headers must be adjacent in height: trusted {trusted.Height}, new {header.Height}"
                : $"headers must be non-adjacent in height: trusted {trusted.Height}, new {header.Height}");

        var expiresAt = trusted.Time.Add(options.TrustingPeriod);
        if (expiresAt <= options.Now)
            return new(TendermintError.TrustExpired, $"trusted header expired at {expiresAt}, now {options.Now}");
        var time = TmTime.FromProto(header.Time);
        if (time <= trusted.Time)
            return new(TendermintError.NonMonotonicTime, $"header time {time} is not after the trusted time {trusted.Time}");
        if (header.ChainId != trusted.ChainId)
            return new(TendermintError.ChainIdMismatch, $"header belongs to chain \"{header.ChainId}\", not \"{trusted.ChainId}\"");
        if (adjacent)
        {
            if (!header.ValidatorsHash.Equals(trusted.NextValidatorsHash))
                return new(TendermintError.AdjacentValidatorsMismatch,
                    $"header validators {ValidatorSetView.Hex(header.ValidatorsHash)} are not the trusted next validators {ValidatorSetView.Hex(trusted.NextValidatorsHash)}");
        }
        else if (header.Height <= trusted.Height)
        {
            return new(TendermintError.NonIncreasingHeight, $"header height {header.Height} is not above the trusted height {trusted.Height}");
        }

        var latest = options.Now.Add(options.MaxClockDrift);
        if (time >= latest)
            return new(TendermintError.HeaderFromFuture, $"header time {time} is not before now {options.Now} + max clock drift {options.MaxClockDrift}");

        var cache = new SignatureCache(commit.Signatures.Count, encoding);
        if (adjacent)
            return CommitVerifier.VerifyLight(header.ChainId, validators!, commit.BlockId, header.Height, commit, cache, options.VerifyAllSignatures);
        r = CommitVerifier.VerifyTrusting(header.ChainId, trustedValidators!, commit, options.TrustThreshold, cache, options.VerifyAllSignatures);
        if (!r.IsOk)
            return r;
        // Last, as upstream: the untrusted set may be made large to slow the client down.
        return CommitVerifier.VerifyLight(header.ChainId, validators!, commit.BlockId, header.Height, commit, cache, options.VerifyAllSignatures);
    }

    private static TendermintResult CheckTrusted(TrustedState trusted, IConsensusEncoding encoding, out ValidatorSetView? view)
    {
        view = null;
        if (!trusted.Time.IsValid)
            return new(TendermintError.InvalidTimestamp, $"trusted time {trusted.Time} is out of range");
        var r = ValidatorSetView.Create(trusted.NextValidators, "trusted next validators", out view, encoding);
        if (!r.IsOk)
            return r;
        if (!trusted.NextValidatorsHash.Span.SequenceEqual(view!.Hash))
            return new(TendermintError.TrustedValidatorsMismatch,
                $"trusted validators hash to {Convert.ToHexString(view.Hash)}, the trusted next_validators_hash is {ValidatorSetView.Hex(trusted.NextValidatorsHash)}");
        return TendermintResult.Ok;
    }

    /// <summary>The untrusted block's own consistency (tendermint-rs <c>verify_validator_sets</c> and
    /// CometBFT <c>SignedHeader.ValidateBasic</c>).</summary>
    private static TendermintResult CheckUntrusted(LightClientBlock block, IConsensusEncoding encoding, out ValidatorSetView? validators)
    {
        validators = null;
        var r = BlockValidation.ValidateHeader(block.SignedHeader?.Header);
        if (!r.IsOk)
            return r;
        r = BlockValidation.ValidateCommit(block.SignedHeader!.Commit);
        if (!r.IsOk)
            return r;
        var header = block.SignedHeader.Header;
        var commit = block.SignedHeader.Commit;

        r = ValidatorSetView.Create(block.Validators, "validators", out validators, encoding);
        if (!r.IsOk)
            return r;
        if (!header.ValidatorsHash.Span.SequenceEqual(validators!.Hash))
            return new(TendermintError.ValidatorsHashMismatch,
                $"validators hash to {Convert.ToHexString(validators.Hash)}, header validators_hash is {ValidatorSetView.Hex(header.ValidatorsHash)}");
        if (block.NextValidators is not null)
        {
            r = ValidatorSetView.Create(block.NextValidators, "next validators", out var next, encoding, allowEmpty: true);
            if (!r.IsOk)
                return r;
            if (!header.NextValidatorsHash.Span.SequenceEqual(next!.Hash))
                return new(TendermintError.NextValidatorsHashMismatch,
                    $"next validators hash to {Convert.ToHexString(next.Hash)}, header next_validators_hash is {ValidatorSetView.Hex(header.NextValidatorsHash)}");
        }

        r = BlockValidation.CheckHeaderMatchesCommit(header, commit, encoding);
        if (!r.IsOk)
            return r;
        if (commit.Signatures.Count != validators.Count)
            return new(TendermintError.SignatureCountMismatch, $"{commit.Signatures.Count} signatures for {validators.Count} validators");
        for (var i = 0; i < commit.Signatures.Count; i++)
        {
            var sig = commit.Signatures[i];
            if (sig.BlockIdFlag != BlockIDFlag.Absent && validators.IndexOf(sig.ValidatorAddress) < 0)
                return new(TendermintError.UnknownValidator, $"signature #{i} is from {ValidatorSetView.Hex(sig.ValidatorAddress)}, not in the validator set");
        }
        return TendermintResult.Ok;
    }
}
