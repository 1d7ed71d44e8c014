using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>The protocol versions a node speaks (uint64 decimal strings).</summary>
/// <param name="P2p">The p2p protocol version.</param>
/// <param name="Block">The block protocol version.</param>
/// <param name="App">The application version.</param>
public sealed record ProtocolVersion(ulong P2p, ulong Block, ulong App);

/// <summary>The node's identity (<c>p2p.DefaultNodeInfo</c>).</summary>
/// <param name="ProtocolVersion">Protocol versions.</param>
/// <param name="Id">The node id (hex of the node key's address).</param>
/// <param name="ListenAddress">The p2p listen address.</param>
/// <param name="Network">The chain id.</param>
/// <param name="Version">The CometBFT version, e.g. 0.38.12.</param>
/// <param name="Channels">The p2p channels it knows (hex on the wire).</param>
/// <param name="Moniker">The node's name.</param>
/// <param name="TxIndex">"on" when transactions are indexed (tx_search works), "off" otherwise.</param>
/// <param name="RpcAddress">The RPC listen address the node reports.</param>
public sealed record NodeInfo(ProtocolVersion ProtocolVersion, string Id, string ListenAddress, string Network, string Version,
    byte[] Channels, string Moniker, string TxIndex, string RpcAddress);

/// <summary>The node's view of the chain (<c>SyncInfo</c>).</summary>
/// <param name="LatestBlockHash">Hash of the latest block.</param>
/// <param name="LatestAppHash">App hash after the latest block.</param>
/// <param name="LatestBlockHeight">The latest height.</param>
/// <param name="LatestBlockTime">The latest block's time.</param>
/// <param name="EarliestBlockHash">Hash of the earliest block kept.</param>
/// <param name="EarliestAppHash">App hash of the earliest block kept.</param>
/// <param name="EarliestBlockHeight">The earliest height kept (above 1 on a pruned or state-synced node).</param>
/// <param name="EarliestBlockTime">The earliest block's time.</param>
/// <param name="CatchingUp">True while the node is still syncing.</param>
public sealed record SyncInfo(byte[] LatestBlockHash, byte[] LatestAppHash, long LatestBlockHeight, CometTime LatestBlockTime,
    byte[] EarliestBlockHash, byte[] EarliestAppHash, long EarliestBlockHeight, CometTime EarliestBlockTime, bool CatchingUp);

/// <summary>The node's own validator key and power (power 0 when it is not a validator).</summary>
/// <param name="Address">The validator address.</param>
/// <param name="PubKey">The consensus public key.</param>
/// <param name="VotingPower">Its voting power.</param>
public sealed record ValidatorInfo(byte[] Address, PubKey PubKey, long VotingPower);

/// <summary>The answer of <c>status</c>.</summary>
/// <param name="NodeInfo">The node's identity.</param>
/// <param name="SyncInfo">Its view of the chain.</param>
/// <param name="ValidatorInfo">Its validator key.</param>
public sealed record NodeStatus(NodeInfo NodeInfo, SyncInfo SyncInfo, ValidatorInfo ValidatorInfo)
{
    internal static NodeStatus Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var nodePath = Path(path, "node_info");
        var node = Object(e, "node_info", path);
        var versionPath = Path(nodePath, "protocol_version");
        var version = Object(node, "protocol_version", nodePath);
        var other = Object(node, "other", nodePath);
        var nodeInfo = new NodeInfo(
            new ProtocolVersion(UInt64(version, "p2p", versionPath), UInt64(version, "block", versionPath), UInt64(version, "app", versionPath)),
            String(node, "id", nodePath),
            String(node, "listen_addr", nodePath),
            String(node, "network", nodePath),
            String(node, "version", nodePath),
            Hex(node, "channels", nodePath),
            String(node, "moniker", nodePath),
            String(other, "tx_index", Path(nodePath, "other")),
            String(other, "rpc_address", Path(nodePath, "other")));

        var syncPath = Path(path, "sync_info");
        var sync = Object(e, "sync_info", path);
        var syncInfo = new SyncInfo(
            Hex(sync, "latest_block_hash", syncPath),
            Hex(sync, "latest_app_hash", syncPath),
            Int64(sync, "latest_block_height", syncPath, min: 0),
            Time(sync, "latest_block_time", syncPath),
            Hex(sync, "earliest_block_hash", syncPath),
            Hex(sync, "earliest_app_hash", syncPath),
            Int64(sync, "earliest_block_height", syncPath, min: 0),
            Time(sync, "earliest_block_time", syncPath),
            Bool(sync, "catching_up", syncPath));

        var validatorPath = Path(path, "validator_info");
        var validator = Object(e, "validator_info", path);
        var validatorInfo = new ValidatorInfo(
            Hex(validator, "address", validatorPath),
            PubKey.Parse(Object(validator, "pub_key", validatorPath), Path(validatorPath, "pub_key")),
            Int64(validator, "voting_power", validatorPath, min: 0));
        return new NodeStatus(nodeInfo, syncInfo, validatorInfo);
    }
}
