using System.Numerics;
using Oracle.Evm;

namespace Oracle.Relayer.Requests;

/// <summary>
/// Who fetches (DESIGN.md section 6), exactly as contracts/src/Election.sol computes it:
/// <c>seed = keccak256(abi.encode(randomness, requestId))</c>; attempt <c>a</c> draws
/// <c>x = uint256(keccak256(abi.encode(seed, a))) % remainingPower</c> among the validators not
/// chosen by attempts <c>0..a-1</c> and elects the first, in registry order, whose cumulative power
/// exceeds <c>x</c>.
/// </summary>
public static class Election
{
    /// <summary>The seed of a request.</summary>
    /// <param name="randomness">The chain's randomness for the request (EVM: the request block's prevrandao), as uint256.</param>
    /// <param name="requestId">The request id (32 bytes).</param>
    public static byte[] Seed(BigInteger randomness, ReadOnlySpan<byte> requestId)
    {
        if (requestId.Length != 32) throw new ArgumentException($"a request id is 32 bytes, not {requestId.Length}", nameof(requestId));
        if (randomness.Sign < 0 || randomness.GetBitLength() > 256) throw new ArgumentOutOfRangeException(nameof(randomness), "randomness is a uint256");
        return Keccak256.Hash(Abi.Encode("uint256,bytes32", randomness, requestId.ToArray()));
    }

    /// <summary>The registry index elected for <paramref name="attempt"/>.</summary>
    /// <param name="powers">Voting powers in registry order (each above 0).</param>
    /// <param name="randomness">The chain's randomness for the request.</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="attempt">0 for the first choice, 1 for the first backup, ...; below the number of validators.</param>
    /// <exception cref="ArgumentException">No validators, a zero power, or an attempt beyond the last validator.</exception>
    public static int Elect(IReadOnlyList<ulong> powers, BigInteger randomness, ReadOnlySpan<byte> requestId, int attempt) =>
        Order(powers, randomness, requestId, attempt + 1)[attempt];

    /// <summary>The first <paramref name="attempts"/> elected indices, attempt 0 first (each validator at most once).</summary>
    public static int[] Order(IReadOnlyList<ulong> powers, BigInteger randomness, ReadOnlySpan<byte> requestId, int attempts)
    {
        ArgumentNullException.ThrowIfNull(powers);
        if (powers.Count == 0) throw new ArgumentException("no validators", nameof(powers));
        if (attempts < 1 || attempts > powers.Count) throw new ArgumentOutOfRangeException(nameof(attempts), $"attempts must be 1..{powers.Count}, not {attempts}");
        BigInteger remaining = BigInteger.Zero;
        for (int i = 0; i < powers.Count; i++)
        {
            if (powers[i] == 0) throw new ArgumentException($"validator {i} has zero power", nameof(powers));
            remaining += powers[i];
        }
        var seed = Seed(randomness, requestId);
        var chosen = new bool[powers.Count];
        var order = new int[attempts];
        for (int a = 0; a < attempts; a++)
        {
            var draw = new BigInteger(Keccak256.Hash(Abi.Encode("bytes32,uint256", seed, (BigInteger)a)), isUnsigned: true, isBigEndian: true);
            var x = draw % remaining;
            BigInteger cumulative = BigInteger.Zero;
            int index = -1;
            for (int i = 0; i < powers.Count; i++)
            {
                if (chosen[i]) continue;
                cumulative += powers[i];
                if (cumulative > x)
                {
                    index = i;
                    break;
                }
            }
            chosen[index] = true;
            remaining -= powers[index];
            order[a] = index;
        }
        return order;
    }
}
