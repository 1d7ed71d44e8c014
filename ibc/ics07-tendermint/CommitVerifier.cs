using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// Commit verification as CometBFT 0.38's light client does it (<c>types/validation.go</c>), with ed25519
/// signatures verified one at a time by BouncyCastle (RFC 8032).
/// </summary>
/// <remarks>
/// Both functions stop as soon as the needed power is reached, so signatures after that point are not
/// checked (as upstream's light variants; <see cref="LightClientOptions.VerifyAllSignatures"/> turns that off, as
/// upstream's <c>AllSignatures</c> variants). Only signatures with <see cref="BlockIDFlag.Commit"/> count;
/// absent and nil ones are skipped. RFC 8032 verification is stricter than the ZIP-215 rules CometBFT uses
/// for a few non-canonical encodings that honest signers never produce.
/// </remarks>
public static class CommitVerifier
{
    /// <summary>
    /// CometBFT <c>VerifyCommitLight</c>: more than 2/3 of <paramref name="validators"/>' total power signed
    /// <paramref name="blockId"/> at <paramref name="height"/>. The commit must have one signature slot per validator,
    /// in the set's order; a signature at index i must name validator i.
    /// </summary>
    /// <returns><see cref="TendermintResult.Ok"/>, or <see cref="TendermintError.InsufficientVotingPower"/>,
    /// <see cref="TendermintError.InvalidSignature"/> or the shape rule that failed.</returns>
    public static TendermintResult VerifyCommitLight(string chainId, ValidatorSet validators, BlockID blockId, long height, Commit commit)
    {
        var r = Prepare(validators, commit, out var view);
        if (!r.IsOk)
            return r;
        return VerifyLight(chainId, view!, blockId, height, commit, new SignatureCache(commit.Signatures.Count, ProtobufConsensusEncoding.Instance));
    }

    /// <summary>
    /// CometBFT <c>VerifyCommitLightTrusting</c>: more than <paramref name="trustLevel"/> of the power of
    /// <paramref name="validators"/> (a set trusted earlier, not necessarily the one that made the commit) signed the
    /// commit. Signatures are matched to validators by address; signers unknown to the set are skipped; a
    /// validator counted twice is an error.
    /// </summary>
    /// <returns><see cref="TendermintResult.Ok"/>, <see cref="TendermintError.NotEnoughTrust"/>,
    /// <see cref="TendermintError.InvalidTrustThreshold"/>, <see cref="TendermintError.InvalidSignature"/>,
    /// <see cref="TendermintError.DuplicateSignature"/> or the shape rule that failed.</returns>
    public static TendermintResult VerifyCommitLightTrusting(string chainId, ValidatorSet validators, Commit commit, TrustThreshold trustLevel)
    {
        var r = Prepare(validators, commit, out var view);
        if (!r.IsOk)
            return r;
        return VerifyTrusting(chainId, view!, commit, trustLevel, new SignatureCache(commit.Signatures.Count, ProtobufConsensusEncoding.Instance));
    }

    private static TendermintResult Prepare(ValidatorSet validators, Commit commit, out ValidatorSetView? view)
    {
        view = null;
        var r = BlockValidation.ValidateCommit(commit);
        return r.IsOk ? ValidatorSetView.Create(validators, "validator set", out view, ProtobufConsensusEncoding.Instance) : r;
    }

    internal static TendermintResult VerifyLight(string chainId, ValidatorSetView validators, BlockID blockId, long height,
        Commit commit, SignatureCache cache, bool allSignatures = false)
    {
        if (validators.Count != commit.Signatures.Count)
            return new(TendermintError.SignatureCountMismatch, $"{commit.Signatures.Count} signatures for {validators.Count} validators");
        if (height != commit.Height)
            return new(TendermintError.CommitHeightMismatch, $"commit is for height {commit.Height}, not {height}");
        if (!blockId.Equals(commit.BlockId))
            return new(TendermintError.CommitBlockIdMismatch, $"commit is for block {ValidatorSetView.Hex(commit.BlockId.Hash)}, not {ValidatorSetView.Hex(blockId.Hash)}");
        var tally = new Tally(validators.TotalVotingPower, TrustThreshold.TwoThirds);
        for (var i = 0; i < commit.Signatures.Count; i++)
        {
            var sig = commit.Signatures[i];
            if (sig.BlockIdFlag != BlockIDFlag.Commit)
                continue;
            var r = BlockValidation.ValidateCommitSig(sig, i);
            if (!r.IsOk)
                return r;
            var validator = validators[i];
            if (!validator.Address.Equals(sig.ValidatorAddress))
                return new(TendermintError.ValidatorAddressMismatch, $"signature #{i} names {ValidatorSetView.Hex(sig.ValidatorAddress)}, validator #{i} is {ValidatorSetView.Hex(validator.Address)}");
            r = Check(chainId, commit, i, validators.PublicKeys[i], cache);
            if (!r.IsOk)
                return r;
            tally.Add(validator.VotingPower);
            if (!allSignatures && tally.IsEnough)
                return TendermintResult.Ok;
        }
        if (tally.IsEnough)
            return TendermintResult.Ok;
        return new(TendermintError.InsufficientVotingPower, $"signed power {tally.Tallied} of {tally.Total} is not more than 2/3");
    }

    internal static TendermintResult VerifyTrusting(string chainId, ValidatorSetView validators, Commit commit, TrustThreshold trustLevel,
        SignatureCache cache, bool allSignatures = false)
    {
        var r = trustLevel.Validate();
        if (!r.IsOk)
            return r;
        var tally = new Tally(validators.TotalVotingPower, trustLevel);
        var seen = new int[validators.Count];
        for (var i = 0; i < commit.Signatures.Count; i++)
        {
            var sig = commit.Signatures[i];
            if (sig.BlockIdFlag != BlockIDFlag.Commit)
                continue;
            r = BlockValidation.ValidateCommitSig(sig, i);
            if (!r.IsOk)
                return r;
            var v = validators.IndexOf(sig.ValidatorAddress);
            if (v < 0)
                continue;
            if (seen[v] != 0)
                return new(TendermintError.DuplicateSignature, $"double vote from {ValidatorSetView.Hex(sig.ValidatorAddress)} (#{seen[v] - 1} and #{i})");
            seen[v] = i + 1;
            r = Check(chainId, commit, i, validators.PublicKeys[v], cache);
            if (!r.IsOk)
                return r;
            tally.Add(validators[v].VotingPower);
            if (!allSignatures && tally.IsEnough)
                return TendermintResult.Ok;
        }
        if (tally.IsEnough)
            return TendermintResult.Ok;
        return new(TendermintError.NotEnoughTrust, $"signed power {tally.Tallied} of trusted {tally.Total} is not more than {trustLevel}");
    }

    private static TendermintResult Check(string chainId, Commit commit, int index, byte[] publicKey, SignatureCache cache)
    {
        if (cache.WasVerified(index, publicKey))
            return TendermintResult.Ok;
        var message = cache.Encoding.CommitSigSignBytes(chainId, commit, index);
        if (!Ed25519.Verify(commit.Signatures[index].Signature.Span, publicKey, message))
            return new(TendermintError.InvalidSignature, $"wrong signature #{index} from {ValidatorSetView.Hex(commit.Signatures[index].ValidatorAddress)}");
        cache.Record(index, publicKey);
        return TendermintResult.Ok;
    }

    private struct Tally(long total, TrustThreshold threshold)
    {
        public long Total { get; } = total;
        public long Tallied { get; private set; }
        public readonly bool IsEnough => threshold.IsEnoughPower(Tallied, Total);
        public void Add(long power) => Tallied += power; // powers and their sum are bounded by MaxTotalVotingPower
    }
}

/// <summary>Which commit signatures verified under which key during one verification, so the trusting and the
/// 2/3 checks of a skipping step verify a signature once (tendermint-rs does the same); and the encoding of the sign bytes.</summary>
internal sealed class SignatureCache(int count, IConsensusEncoding encoding)
{
    public IConsensusEncoding Encoding { get; } = encoding;

    private readonly byte[]?[] _keys = new byte[]?[count];

    public bool WasVerified(int index, byte[] publicKey) =>
        (uint)index < (uint)_keys.Length && _keys[index] is { } k && k.AsSpan().SequenceEqual(publicKey);

    public void Record(int index, byte[] publicKey)
    {
        if ((uint)index < (uint)_keys.Length)
            _keys[index] = publicKey;
    }
}
