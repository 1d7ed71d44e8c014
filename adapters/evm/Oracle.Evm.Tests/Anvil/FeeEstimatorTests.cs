using System.Numerics;
using Oracle.Evm.Tests.Support;

namespace Oracle.Evm.Tests.Anvil;

public sealed class FeeEstimatorTests
{
    private const long Gwei = 1_000_000_000;

    [Fact]
    public async Task EstimateAsync_UsesFloorAndTwiceNextBaseFee_OnAnvil()
    {
        await using var anvil = await AnvilNode.StartAsync();
        var estimator = new FeeEstimator(anvil.Rpc, new FeeEstimatorOptions { MinPriorityFeePerGasWei = 2 * Gwei });
        var history = await anvil.Rpc.FeeHistoryAsync(10, BlockTag.Latest, [50], AnvilTestKit.Bounded());

        var fees = await estimator.EstimateAsync(AnvilTestKit.Bounded());

        Assert.Equal(history.NextBaseFee, fees.NextBaseFee);
        Assert.Equal(2 * Gwei, fees.MaxPriorityFeePerGas); // anvil's rewards are 0: the floor applies
        Assert.Equal(2 * history.NextBaseFee + 2 * Gwei, fees.MaxFeePerGas);
    }

    [Fact]
    public void FromHistory_TakesMedianReward_WhenAboveFloor()
    {
        var estimator = new FeeEstimator(new EthJsonRpcClient(new HttpClient(), new Uri("http://127.0.0.1:1")));
        var history = new FeeHistory(100, [10 * Gwei, 12 * Gwei, 14 * Gwei], [0.5, 0.9],
            [[3 * Gwei], [5 * Gwei], [], [2 * Gwei]]);

        var fees = estimator.FromHistory(history);

        Assert.Equal(3 * Gwei, fees.MaxPriorityFeePerGas);
        Assert.Equal(2 * 14 * Gwei + 3 * Gwei, fees.MaxFeePerGas);
    }

    [Fact]
    public void Bump_RaisesBothFieldsByAtLeastTheGivenPercent_AndRespectsCurrentEstimate()
    {
        var fees = new Eip1559Fees(100, 8, 40);

        var bumped = fees.Bump(12.5);
        var overtaken = fees.Bump(12.5, new Eip1559Fees(500, 50, 200));

        Assert.Equal(new BigInteger(113), bumped.MaxFeePerGas); // 112.5 rounded up
        Assert.Equal(new BigInteger(9), bumped.MaxPriorityFeePerGas);
        Assert.Equal(new BigInteger(500), overtaken.MaxFeePerGas);
        Assert.Equal(new BigInteger(50), overtaken.MaxPriorityFeePerGas);
    }

    [Theory]
    [InlineData("HistoryBlocks", 0, 50.0, 2)]
    [InlineData("RewardPercentile", 10, 101.0, 2)]
    [InlineData("BaseFeeMultiplier", 10, 50.0, 0)]
    public void Constructor_ThrowsNamingTheSetting_WhenOptionsAreInvalid(string setting, int blocks, double percentile, int multiplier)
    {
        var options = new FeeEstimatorOptions { HistoryBlocks = blocks, RewardPercentile = percentile, BaseFeeMultiplier = multiplier };

        var error = Assert.Throws<ArgumentException>(() => new FeeEstimator(new EthJsonRpcClient(new HttpClient(), new Uri("http://127.0.0.1:1")), options));

        Assert.Contains(setting, error.Message);
    }
}
