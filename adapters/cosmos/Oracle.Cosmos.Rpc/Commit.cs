using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>How a validator took part in a commit (<c>types.BlockIDFlag</c>, a JSON number).</summary>
public enum BlockIdFlag : byte
{
    /// <summary>Not set: never valid in a commit.</summary>
    Unknown = 0,
    /// <summary>The validator did not vote.</summary>
    Absent = 1,
    /// <summary>The validator voted for the block.</summary>
    Commit = 2,
    /// <summary>The validator voted nil.</summary>
    Nil = 3,
}

/// <summary>One validator's signature in a commit: <c>{"block_id_flag":2,"validator_address":HEX,"timestamp":...,"signature":base64|null}</c>.</summary>
/// <param name="Flag">How the validator took part.</param>
/// <param name="ValidatorAddress">The validator's address (empty when absent).</param>
/// <param name="Timestamp">The vote time (the zero time when absent).</param>
/// <param name="Signature">The signature (empty when absent).</param>
public sealed record CommitSig(BlockIdFlag Flag, byte[] ValidatorAddress, CometTime Timestamp, byte[] Signature)
{
    internal static CommitSig Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var flag = UInt32(e, "block_id_flag", path);
        if (flag > (uint)BlockIdFlag.Nil)
        {
            throw new CometFormatException(Path(path, "block_id_flag"), $"{flag} is not a block id flag (0 to 3)");
        }
        return new CommitSig((BlockIdFlag)flag, Hex(e, "validator_address", path), Time(e, "timestamp", path), Base64(e, "signature", path));
    }
}

/// <summary>The +2/3 precommits for a block (<c>types.Commit</c>).</summary>
/// <param name="Height">The committed height (0 in the last commit of block 1).</param>
/// <param name="Round">The round it was committed in.</param>
/// <param name="BlockId">The committed block.</param>
/// <param name="Signatures">One entry per validator, in validator set order.</param>
public sealed record Commit(long Height, int Round, BlockId BlockId, IReadOnlyList<CommitSig> Signatures)
{
    internal static Commit Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        return new Commit(
            Int64(e, "height", path, min: 0),
            Int32(e, "round", path),
            BlockId.Parse(Object(e, "block_id", path), Path(path, "block_id")),
            Array(e, "signatures", path, CommitSig.Parse));
    }
}

/// <summary>A header and the commit that signs it (<c>types.SignedHeader</c>).</summary>
/// <param name="Header">The header.</param>
/// <param name="Commit">Its commit.</param>
public sealed record SignedHeader(BlockHeader Header, Commit Commit)
{
    internal static SignedHeader Parse(JsonElement e, string path) =>
        new(BlockHeader.Parse(Object(RequireObject(e, path), "header", path), Path(path, "header")),
            Commit.Parse(Object(e, "commit", path), Path(path, "commit")));
}

/// <summary>The answer of <c>commit</c>: <c>{"signed_header":{...},"canonical":true}</c>.</summary>
/// <param name="SignedHeader">The header and its commit.</param>
/// <param name="Canonical">False when the commit is the node's latest seen commit, not yet the canonical one of the next block.</param>
public sealed record CommitResult(SignedHeader SignedHeader, bool Canonical)
{
    internal static CommitResult Parse(JsonElement e, string path) =>
        new(SignedHeader.Parse(Object(RequireObject(e, path), "signed_header", path), Path(path, "signed_header")), Bool(e, "canonical", path));
}
