using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>The consensus version of a header: <c>{"block":"11","app":"0"}</c> (both omitempty uint64 strings).</summary>
/// <param name="Block">The block protocol version (11 for CometBFT 0.38).</param>
/// <param name="App">The application's version.</param>
public sealed record ConsensusVersion(ulong Block, ulong App);

/// <summary>A block header (<c>types.Header</c>), every field as the node sends it.</summary>
/// <param name="Version">Block and app protocol versions.</param>
/// <param name="ChainId">The chain id.</param>
/// <param name="Height">The height (at least 1).</param>
/// <param name="Time">The block time, with nanoseconds.</param>
/// <param name="LastBlockId">The previous block's id.</param>
/// <param name="LastCommitHash">Hash of the previous block's commit.</param>
/// <param name="DataHash">Hash of the transactions.</param>
/// <param name="ValidatorsHash">Hash of this block's validator set.</param>
/// <param name="NextValidatorsHash">Hash of the next block's validator set.</param>
/// <param name="ConsensusHash">Hash of the consensus parameters.</param>
/// <param name="AppHash">The application state after the previous block.</param>
/// <param name="LastResultsHash">Hash of the previous block's transaction results.</param>
/// <param name="EvidenceHash">Hash of the evidence.</param>
/// <param name="ProposerAddress">The proposer's 20-byte address.</param>
public sealed record BlockHeader(
    ConsensusVersion Version,
    string ChainId,
    long Height,
    CometTime Time,
    BlockId LastBlockId,
    byte[] LastCommitHash,
    byte[] DataHash,
    byte[] ValidatorsHash,
    byte[] NextValidatorsHash,
    byte[] ConsensusHash,
    byte[] AppHash,
    byte[] LastResultsHash,
    byte[] EvidenceHash,
    byte[] ProposerAddress)
{
    internal static BlockHeader Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var version = Object(e, "version", path);
        var versionPath = Path(path, "version");
        return new BlockHeader(
            new ConsensusVersion(UInt64(version, "block", versionPath, optional: true), UInt64(version, "app", versionPath, optional: true)),
            String(e, "chain_id", path),
            Int64(e, "height", path, min: 1),
            CometJson.Time(e, "time", path),
            BlockId.Parse(Object(e, "last_block_id", path), Path(path, "last_block_id")),
            Hex(e, "last_commit_hash", path),
            Hex(e, "data_hash", path),
            Hex(e, "validators_hash", path),
            Hex(e, "next_validators_hash", path),
            Hex(e, "consensus_hash", path),
            Hex(e, "app_hash", path),
            Hex(e, "last_results_hash", path),
            Hex(e, "evidence_hash", path),
            Hex(e, "proposer_address", path));
    }
}
