using System.Numerics;
using System.Text.Json;

namespace Oracle.Evm;

/// <summary>The receipt of a mined transaction.</summary>
/// <param name="TransactionHash">The transaction hash, lowercase hex.</param>
/// <param name="Status">1 for success, 0 for a revert.</param>
/// <param name="GasUsed">Gas the transaction used.</param>
/// <param name="EffectiveGasPrice">What was paid per gas, in wei.</param>
/// <param name="BlockNumber">The block that holds it.</param>
/// <param name="BlockHash">That block's hash, lowercase hex.</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient (null for a contract creation).</param>
/// <param name="ContractAddress">The created contract, for a creation.</param>
/// <param name="Logs">The logs it emitted.</param>
public sealed record TransactionReceipt(string TransactionHash, ulong Status, ulong GasUsed, BigInteger EffectiveGasPrice,
    ulong BlockNumber, string BlockHash, EthAddress From, EthAddress? To, EthAddress? ContractAddress, IReadOnlyList<LogEntry> Logs)
{
    /// <summary>Whether the transaction succeeded (status 1).</summary>
    public bool Succeeded => Status == 1;

    internal static TransactionReceipt FromJson(JsonElement json) => new(
        RpcJson.Hash(json, "transactionHash"),
        RpcJson.U64(json, "status"),
        RpcJson.U64(json, "gasUsed"),
        RpcJson.OptionalQuantity(json, "effectiveGasPrice") ?? BigInteger.Zero,
        RpcJson.U64(json, "blockNumber"),
        RpcJson.Hash(json, "blockHash"),
        RpcJson.Address(json, "from"),
        RpcJson.OptionalAddress(json, "to"),
        RpcJson.OptionalAddress(json, "contractAddress"),
        json.TryGetProperty("logs", out var logs) ? logs.EnumerateArray().Select(LogEntry.FromJson).ToList() : []);
}
