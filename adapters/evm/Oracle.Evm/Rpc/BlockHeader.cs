using System.Numerics;
using System.Text.Json;

namespace Oracle.Evm;

/// <summary>The header fields of a block that the relayer uses.</summary>
/// <param name="Number">Block number.</param>
/// <param name="Hash">Block hash, lowercase hex.</param>
/// <param name="ParentHash">Parent block hash, lowercase hex.</param>
/// <param name="Timestamp">Unix seconds.</param>
/// <param name="BaseFeePerGas">EIP-1559 base fee in wei; null before London.</param>
/// <param name="GasLimit">Block gas limit.</param>
/// <param name="GasUsed">Gas used by the block.</param>
public sealed record BlockHeader(ulong Number, string Hash, string ParentHash, ulong Timestamp, BigInteger? BaseFeePerGas, ulong GasLimit, ulong GasUsed)
{
    internal static BlockHeader FromJson(JsonElement json) => new(
        RpcJson.U64(json, "number"),
        RpcJson.Hash(json, "hash"),
        RpcJson.Hash(json, "parentHash"),
        RpcJson.U64(json, "timestamp"),
        RpcJson.OptionalQuantity(json, "baseFeePerGas"),
        RpcJson.U64(json, "gasLimit"),
        RpcJson.U64(json, "gasUsed"));
}
