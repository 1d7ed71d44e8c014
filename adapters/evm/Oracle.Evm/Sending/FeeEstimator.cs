using System.Numerics;

namespace Oracle.Evm;

/// <summary>Prices EIP-1559 transactions from <c>eth_feeHistory</c>.</summary>
/// <remarks>Tip = median over recent blocks of the configured reward percentile, at least
/// <see cref="FeeEstimatorOptions.MinPriorityFeePerGasWei"/>; fee cap = multiplier × next base fee + tip.</remarks>
public sealed class FeeEstimator
{
    private readonly EthJsonRpcClient _rpc;
    private readonly FeeEstimatorOptions _options;

    /// <summary>Creates an estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public FeeEstimator(EthJsonRpcClient rpc, FeeEstimatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
        _options = options ?? new FeeEstimatorOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("FeeEstimatorOptions: " + string.Join("; ", problems), nameof(options));
        }
    }

    /// <summary>The options in use.</summary>
    public FeeEstimatorOptions Options => _options;

    /// <summary>Estimates fees for a transaction sent now.</summary>
    /// <exception cref="EvmException">The fee history could not be read.</exception>
    public async Task<Eip1559Fees> EstimateAsync(CancellationToken cancellationToken = default)
    {
        var history = await _rpc.FeeHistoryAsync(_options.HistoryBlocks, BlockTag.Latest, [_options.RewardPercentile], cancellationToken).ConfigureAwait(false);
        return FromHistory(history);
    }

    /// <summary>The estimate for a given fee history (exposed for tests).</summary>
    public Eip1559Fees FromHistory(FeeHistory history)
    {
        var rewards = history.Reward.Where(r => r.Count > 0).Select(r => r[0]).Order().ToList();
        var median = rewards.Count == 0 ? BigInteger.Zero
            : rewards.Count % 2 == 1 ? rewards[rewards.Count / 2]
            : (rewards[rewards.Count / 2 - 1] + rewards[rewards.Count / 2]) / 2;
        var tip = BigInteger.Max(median, _options.MinPriorityFeePerGasWei);
        var baseFee = history.NextBaseFee;
        var cap = _options.BaseFeeMultiplier * baseFee + tip;
        if (_options.MaxFeePerGasCapWei is { } limit)
        {
            cap = BigInteger.Min(cap, limit);
            tip = BigInteger.Min(tip, cap);
        }
        return new Eip1559Fees(cap, tip, baseFee);
    }
}
