using System.Numerics;
using System.Text.Json;

namespace Oracle.Evm;

/// <summary>A transaction as <c>eth_getTransactionByHash</c> returns it.</summary>
/// <param name="Hash">The transaction hash.</param>
/// <param name="Nonce">The sender's nonce.</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient (null for a creation).</param>
/// <param name="Value">Value in wei.</param>
/// <param name="Gas">Gas limit.</param>
/// <param name="MaxFeePerGas">EIP-1559 fee cap (null for legacy transactions).</param>
/// <param name="MaxPriorityFeePerGas">EIP-1559 tip cap (null for legacy transactions).</param>
/// <param name="Input">Call data.</param>
/// <param name="BlockNumber">The block that holds it; null while pending.</param>
/// <param name="BlockHash">That block's hash; null while pending.</param>
public sealed record TransactionInfo(string Hash, ulong Nonce, EthAddress From, EthAddress? To, BigInteger Value, ulong Gas,
    BigInteger? MaxFeePerGas, BigInteger? MaxPriorityFeePerGas, byte[] Input, ulong? BlockNumber, string? BlockHash)
{
    internal static TransactionInfo FromJson(JsonElement json) => new(
        RpcJson.Hash(json, "hash"),
        RpcJson.U64(json, "nonce"),
        RpcJson.Address(json, "from"),
        RpcJson.OptionalAddress(json, "to"),
        RpcJson.Quantity(json, "value"),
        RpcJson.U64(json, "gas"),
        RpcJson.OptionalQuantity(json, "maxFeePerGas"),
        RpcJson.OptionalQuantity(json, "maxPriorityFeePerGas"),
        RpcJson.Bytes(json, "input"),
        RpcJson.OptionalU64(json, "blockNumber"),
        RpcJson.OptionalHash(json, "blockHash"));
}
