using System.Numerics;

namespace Oracle.Evm;

/// <summary>EIP-1559 fee fields for one transaction, in wei.</summary>
/// <param name="MaxFeePerGas">Fee cap per gas.</param>
/// <param name="MaxPriorityFeePerGas">Tip cap per gas.</param>
/// <param name="NextBaseFee">The base fee the estimate assumed for the next block.</param>
public sealed record Eip1559Fees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas, BigInteger NextBaseFee)
{
    /// <summary>Both fields raised by at least <paramref name="percent"/> % (rounded up, at least 1 wei), and never below
    /// <paramref name="floor"/>: what a replacement of a stuck transaction must offer.</summary>
    public Eip1559Fees Bump(double percent, Eip1559Fees? floor = null)
    {
        var numerator = (BigInteger)Math.Round(percent * 1000);
        BigInteger Raise(BigInteger value) => BigInteger.Max(value + 1, value + (value * numerator + 99_999) / 100_000);
        var tip = Raise(MaxPriorityFeePerGas);
        var cap = Raise(MaxFeePerGas);
        if (floor is not null)
        {
            tip = BigInteger.Max(tip, floor.MaxPriorityFeePerGas);
            cap = BigInteger.Max(cap, floor.MaxFeePerGas);
        }
        return new Eip1559Fees(BigInteger.Max(cap, tip), tip, floor?.NextBaseFee ?? NextBaseFee);
    }
}
