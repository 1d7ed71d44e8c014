using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// The bytes a validator signs for a vote: the uvarint-length-prefixed protobuf encoding of a
/// <see cref="CanonicalVote"/> (CometBFT <c>VoteSignBytes</c>), which carries the chain id, so that a
/// signature for one chain is worthless on another.
/// </summary>
public static class SignBytes
{
    /// <summary>
    /// CometBFT <c>Commit.VoteSignBytes(chainID, idx)</c>: the precommit that signature <paramref name="index"/>
    /// of <paramref name="commit"/> signed — the commit's height and round, its block id for a
    /// <see cref="BlockIDFlag.Commit"/> signature and no block id otherwise, the signature's timestamp.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a signature of the commit (a caller bug).</exception>
    public static byte[] ForCommitSig(string chainId, Commit commit, int index)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, commit.Signatures.Count);
        var sig = commit.Signatures[index];
        var blockId = sig.BlockIdFlag == BlockIDFlag.Commit ? commit.BlockId : null;
        return ForVote(chainId, SignedMsgType.Precommit, commit.Height, commit.Round, blockId, TmTime.FromProto(sig.Timestamp));
    }

    /// <summary>
    /// CometBFT <c>VoteSignBytes(chainID, vote)</c> for a vote's fields: <c>CanonicalizeVote</c> (height and round as
    /// sfixed64, a zero block id left out, the timestamp always present) written with a uvarint length prefix.
    /// </summary>
    public static byte[] ForVote(string chainId, SignedMsgType type, long height, int round, BlockID? blockId, TmTime timestamp)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        var canonical = new CanonicalVote
        {
            Type = type,
            Height = height,
            Round = round,
            BlockId = Canonicalize(blockId),
            Timestamp = timestamp.ToProto(),
            ChainId = chainId,
        };
        var size = canonical.CalculateSize();
        var bytes = new byte[CodedOutputStream.ComputeLengthSize(size) + size];
        var output = new CodedOutputStream(bytes);
        output.WriteLength(size);
        canonical.WriteTo(output);
        output.CheckNoSpaceLeft();
        return bytes;
    }

    /// <summary>CometBFT <c>CanonicalizeBlockID</c>: null for a zero block id (empty hash and part set header).</summary>
    internal static CanonicalBlockID? Canonicalize(BlockID? blockId)
    {
        if (blockId is null)
            return null;
        var parts = blockId.PartSetHeader;
        var zero = blockId.Hash.IsEmpty && (parts is null || (parts.Total == 0 && parts.Hash.IsEmpty));
        if (zero)
            return null;
        return new CanonicalBlockID
        {
            Hash = blockId.Hash,
            PartSetHeader = new CanonicalPartSetHeader { Total = parts?.Total ?? 0, Hash = parts?.Hash ?? ByteString.Empty },
        };
    }
}
