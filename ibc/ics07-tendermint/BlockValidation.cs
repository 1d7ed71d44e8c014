using System.Text;
using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// Stateless checks of a header, a commit and a validator set (CometBFT's <c>ValidateBasic</c> family),
/// run before anything is verified so that later steps only meet well-formed values.
/// </summary>
/// <remarks>
/// Differences from CometBFT 0.38: the header's block protocol version is not required to be 11 (the
/// tendermint-rs vectors use 0, and tendermint-rs does not check it either); the chain id must not be empty;
/// validators_hash and next_validators_hash must be 32 bytes; commit signatures must be exactly 64 bytes
/// (ed25519) where upstream accepts 1..64; a commit may not name the same validator twice; an absent signature's time
/// may be the Unix epoch as well as Go's zero time (tendermint-rs writes the former).
/// </remarks>
public static class BlockValidation
{
    /// <summary>CometBFT <c>Header.ValidateBasic</c> (see the remarks on the class).</summary>
    public static TendermintResult ValidateHeader(Header? header)
    {
        if (header is null)
            return new(TendermintError.MissingField, "missing header");
        var chainIdBytes = Encoding.UTF8.GetByteCount(header.ChainId);
        if (chainIdBytes == 0 || chainIdBytes > Limits.MaxChainIdLength)
            return new(TendermintError.InvalidChainId, $"chain id of {chainIdBytes} bytes; must be 1..{Limits.MaxChainIdLength}");
        if (header.Height <= 0)
            return new(TendermintError.InvalidHeight, $"header height {header.Height} is not positive");
        var time = TmTime.FromProto(header.Time);
        if (!time.IsValid)
            return new(TendermintError.InvalidTimestamp, $"header time {time} is out of range");
        if (header.LastBlockId is { } last)
        {
            var r = CheckHash(last.Hash, "last_block_id.hash", false);
            if (r.IsOk && last.PartSetHeader is { } parts)
                r = CheckHash(parts.Hash, "last_block_id.part_set_header.hash", false);
            if (!r.IsOk)
                return r;
        }
        var hashes = new (ByteString Value, string Name, bool Required)[]
        {
            (header.LastCommitHash, "last_commit_hash", false),
            (header.DataHash, "data_hash", false),
            (header.ValidatorsHash, "validators_hash", true),
            (header.NextValidatorsHash, "next_validators_hash", true),
            (header.ConsensusHash, "consensus_hash", false),
            (header.LastResultsHash, "last_results_hash", false),
            (header.EvidenceHash, "evidence_hash", false),
        };
        foreach (var (value, name, required) in hashes)
        {
            var r = CheckHash(value, name, required);
            if (!r.IsOk)
                return r;
        }
        if (header.ProposerAddress.Length != Limits.AddressSize)
            return new(TendermintError.InvalidAddress, $"proposer_address of {header.ProposerAddress.Length} bytes, not {Limits.AddressSize}");
        return TendermintResult.Ok;
    }

    /// <summary>
    /// CometBFT <c>Commit.ValidateBasic</c> with <c>CommitSig.ValidateBasic</c> for each signature, plus: at least one
    /// signature that is not absent, 64-byte signatures, valid timestamps, and no validator named twice.
    /// </summary>
    public static TendermintResult ValidateCommit(Commit? commit)
    {
        if (commit is null)
            return new(TendermintError.MissingField, "missing commit");
        if (commit.Height <= 0)
            return new(TendermintError.InvalidHeight, $"commit height {commit.Height} is not positive");
        if (commit.Round < 0)
            return new(TendermintError.InvalidHeight, $"commit round {commit.Round} is negative");
        var id = commit.BlockId;
        if (id is null || (id.Hash.IsEmpty && (id.PartSetHeader is null || (id.PartSetHeader.Total == 0 && id.PartSetHeader.Hash.IsEmpty))))
            return new(TendermintError.NilCommit, "commit is for the nil block");
        var idCheck = CheckHash(id.Hash, "commit block_id.hash", true);
        if (idCheck.IsOk && id.PartSetHeader is { } parts)
            idCheck = CheckHash(parts.Hash, "commit block_id.part_set_header.hash", false);
        if (!idCheck.IsOk)
            return idCheck;
        var count = commit.Signatures.Count;
        if (count == 0)
            return new(TendermintError.NoSignatures, "commit has no signatures");
        if (count > Limits.MaxSignatures)
            return new(TendermintError.InputTooLarge, $"commit has {count} signatures, more than {Limits.MaxSignatures}");
        var seen = new Dictionary<ByteString, int>();
        for (var i = 0; i < count; i++)
        {
            var r = ValidateCommitSig(commit.Signatures[i], i);
            if (!r.IsOk)
                return r;
            var sig = commit.Signatures[i];
            if (sig.BlockIdFlag == BlockIDFlag.Absent)
                continue;
            if (!seen.TryAdd(sig.ValidatorAddress, i))
                return new(TendermintError.DuplicateSignature, $"validator {ValidatorSetView.Hex(sig.ValidatorAddress)} signs at #{seen[sig.ValidatorAddress]} and #{i}");
        }
        if (seen.Count == 0)
            return new(TendermintError.NoSignatures, "every commit signature is absent");
        return TendermintResult.Ok;
    }

    /// <summary>CometBFT <c>CommitSig.ValidateBasic</c>, with signatures of exactly 64 bytes.</summary>
    public static TendermintResult ValidateCommitSig(CommitSig? sig, int index)
    {
        if (sig is null)
            return new(TendermintError.MissingField, $"commit signature #{index} is missing");
        var time = TmTime.FromProto(sig.Timestamp);
        switch (sig.BlockIdFlag)
        {
            case BlockIDFlag.Absent:
                // Go's zero time is what CometBFT writes; tendermint-rs also writes the Unix epoch (its "no time"). Neither is signed.
                if (!sig.ValidatorAddress.IsEmpty || (time != TmTime.GoZero && time != default) || !sig.Signature.IsEmpty)
                    return new(TendermintError.InvalidCommitSig, $"absent signature #{index} carries an address, a time or a signature");
                return TendermintResult.Ok;
            case BlockIDFlag.Commit:
            case BlockIDFlag.Nil:
                if (sig.ValidatorAddress.Length != Limits.AddressSize)
                    return new(TendermintError.InvalidAddress, $"signature #{index}: validator address of {sig.ValidatorAddress.Length} bytes, not {Limits.AddressSize}");
                if (sig.Signature.Length != Limits.SignatureSize)
                    return new(TendermintError.InvalidSignatureLength, $"signature #{index} is {sig.Signature.Length} bytes, not {Limits.SignatureSize}");
                if (!time.IsValid)
                    return new(TendermintError.InvalidTimestamp, $"signature #{index}: timestamp {time} is out of range");
                return TendermintResult.Ok;
            default:
                return new(TendermintError.InvalidCommitSig, $"signature #{index}: unknown block id flag {(int)sig.BlockIdFlag}");
        }
    }

    /// <summary>
    /// CometBFT <c>SignedHeader.ValidateBasic</c> without the chain id comparison: the header and the commit
    /// each valid, the commit for the header's height and for the header's hash.
    /// </summary>
    public static TendermintResult ValidateSignedHeader(SignedHeader? signedHeader)
    {
        if (signedHeader is null)
            return new(TendermintError.MissingField, "missing signed header");
        var r = ValidateHeader(signedHeader.Header);
        if (!r.IsOk)
            return r;
        r = ValidateCommit(signedHeader.Commit);
        if (!r.IsOk)
            return r;
        return CheckHeaderMatchesCommit(signedHeader.Header, signedHeader.Commit, ProtobufConsensusEncoding.Instance);
    }

    /// <summary>Checks a validator set as the verifier does (CometBFT <c>ValidatorSet.ValidateBasic</c> for ed25519 keys,
    /// addresses derived from keys, no duplicates, total power within bound, at most <see cref="Limits.MaxValidators"/>).</summary>
    public static TendermintResult ValidateValidatorSet(ValidatorSet? validators) =>
        ValidatorSetView.Create(validators, "validator set", out _, ProtobufConsensusEncoding.Instance);

    internal static TendermintResult CheckHeaderMatchesCommit(Header header, Commit commit, IConsensusEncoding encoding)
    {
        if (commit.Height != header.Height)
            return new(TendermintError.CommitHeightMismatch, $"header height {header.Height}, commit height {commit.Height}");
        var hash = encoding.HeaderHash(header);
        if (!commit.BlockId.Hash.Span.SequenceEqual(hash))
            return new(TendermintError.CommitBlockIdMismatch, $"commit signs block {ValidatorSetView.Hex(commit.BlockId.Hash)}, header is block {Convert.ToHexString(hash)}");
        return TendermintResult.Ok;
    }

    private static TendermintResult CheckHash(ByteString value, string name, bool required)
    {
        if (value.Length == MerkleTree.HashSize || (value.IsEmpty && !required))
            return TendermintResult.Ok;
        return new(TendermintError.InvalidHash, $"{name} is {value.Length} bytes, not {MerkleTree.HashSize}{(required ? "" : " or empty")}");
    }
}
