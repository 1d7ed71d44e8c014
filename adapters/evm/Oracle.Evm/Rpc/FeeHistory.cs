using System.Numerics;
using System.Text.Json;

namespace Oracle.Evm;

/// <summary>The answer of <c>eth_feeHistory</c>.</summary>
/// <param name="OldestBlock">The first block covered.</param>
/// <param name="BaseFeePerGas">Base fee of each block covered plus the next block's (one more entry than blocks).</param>
/// <param name="GasUsedRatio">Gas used / gas limit of each block.</param>
/// <param name="Reward">Per block, the tip at each requested percentile (empty when none were requested).</param>
public sealed record FeeHistory(ulong OldestBlock, IReadOnlyList<BigInteger> BaseFeePerGas, IReadOnlyList<double> GasUsedRatio,
    IReadOnlyList<IReadOnlyList<BigInteger>> Reward)
{
    /// <summary>The base fee of the block after the newest one covered.</summary>
    public BigInteger NextBaseFee => BaseFeePerGas.Count > 0 ? BaseFeePerGas[^1] : BigInteger.Zero;

    internal static FeeHistory FromJson(JsonElement json) => new(
        RpcJson.U64(json, "oldestBlock"),
        json.GetProperty("baseFeePerGas").EnumerateArray().Select(v => RpcJson.QuantityOf(v, "baseFeePerGas")).ToList(),
        json.TryGetProperty("gasUsedRatio", out var ratios) ? ratios.EnumerateArray().Select(r => r.GetDouble()).ToList() : [],
        json.TryGetProperty("reward", out var rewards) && rewards.ValueKind == JsonValueKind.Array
            ? rewards.EnumerateArray().Select(block => (IReadOnlyList<BigInteger>)block.EnumerateArray().Select(v => RpcJson.QuantityOf(v, "reward")).ToList()).ToList()
            : []);
}
