using System.Numerics;

namespace Oracle.Evm;

/// <summary>How <see cref="FeeEstimator"/> prices transactions.</summary>
public sealed record FeeEstimatorOptions
{
    /// <summary>Blocks of history read with <c>eth_feeHistory</c>.</summary>
    public int HistoryBlocks { get; init; } = 10;

    /// <summary>The tip percentile read from each block (0..100).</summary>
    public double RewardPercentile { get; init; } = 50;

    /// <summary>The lowest tip offered, in wei (devnets report zero tips).</summary>
    public BigInteger MinPriorityFeePerGasWei { get; init; } = 1_000_000_000;

    /// <summary>The fee cap is this multiple of the next base fee, plus the tip (2 survives six full blocks).</summary>
    public int BaseFeeMultiplier { get; init; } = 2;

    /// <summary>An upper bound on the fee cap, in wei; null for none.</summary>
    public BigInteger? MaxFeePerGasCapWei { get; init; }

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HistoryBlocks is < 1 or > 1024)
        {
            problems.Add($"{nameof(HistoryBlocks)} must be 1..1024, got {HistoryBlocks}");
        }
        if (RewardPercentile is < 0 or > 100)
        {
            problems.Add($"{nameof(RewardPercentile)} must be 0..100, got {RewardPercentile}");
        }
        if (MinPriorityFeePerGasWei < 0)
        {
            problems.Add($"{nameof(MinPriorityFeePerGasWei)} must not be negative");
        }
        if (BaseFeeMultiplier < 1)
        {
            problems.Add($"{nameof(BaseFeeMultiplier)} must be at least 1, got {BaseFeeMultiplier}");
        }
        if (MaxFeePerGasCapWei is { } cap && cap < MinPriorityFeePerGasWei)
        {
            problems.Add($"{nameof(MaxFeePerGasCapWei)} ({cap}) is below {nameof(MinPriorityFeePerGasWei)} ({MinPriorityFeePerGasWei})");
        }
        return problems;
    }
}
