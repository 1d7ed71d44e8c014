using System.Numerics;
using System.Text;

namespace Oracle.Evm.Tests.Support;

/// <summary>Random inputs for differential tests, all drawn from one seeded <see cref="Random"/>.</summary>
internal sealed class RandomValues(int seed)
{
    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public int Int(int maxExclusive) => _random.Next(maxExclusive);

    public bool Chance(double p) => _random.NextDouble() < p;

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A length biased to the RLP and ABI boundaries (0, 1, 31..33, 55..57, large).</summary>
    public int Length()
    {
        int[] edges = [0, 1, 2, 31, 32, 33, 54, 55, 56, 57, 64, 255, 256, 1030];
        return Chance(0.5) ? edges[Int(edges.Length)] : Int(200);
    }

    /// <summary>A non-negative integer below 2^bits, biased to small values and edges.</summary>
    public BigInteger Unsigned(int bits)
    {
        var max = (BigInteger.One << bits) - 1;
        return Int(6) switch
        {
            0 => BigInteger.Zero,
            1 => max,
            2 => Int(256),
            3 => BigInteger.One << Int(bits),
            _ => new BigInteger(Bytes(bits / 8), isUnsigned: true, isBigEndian: true) >> Int(bits / 2 + 1),
        };
    }

    /// <summary>A signed integer that fits intN.</summary>
    public BigInteger Signed(int bits)
    {
        var half = BigInteger.One << (bits - 1);
        return Int(6) switch
        {
            0 => -half,
            1 => half - 1,
            2 => -1,
            _ => (Unsigned(bits) % (2 * half)) - half,
        };
    }

    public string Text()
    {
        string[] alphabet = ["a", "Z", "0", " ", "é", "€", "日本", "😀", "\n", "\"", "\\", "\u0000"];
        var builder = new StringBuilder();
        var length = Chance(0.2) ? 40 + Int(40) : Int(12);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[Int(alphabet.Length)]);
        }
        return builder.ToString();
    }

    public EthAddress Address() => EthAddress.FromBytes(Bytes(20));

    public byte[] PrivateKey()
    {
        var n = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");
        while (true)
        {
            var key = Bytes(32);
            var d = new BigInteger(key, isUnsigned: true, isBigEndian: true);
            if (!d.IsZero && d < n)
            {
                return key;
            }
        }
    }

    /// <summary>A random ABI type, nested up to the depth given.</summary>
    public AbiType AbiType(int depth = 2)
    {
        var choice = Int(depth > 0 ? 11 : 8);
        var text = choice switch
        {
            0 => $"uint{8 * (1 + Int(32))}",
            1 => $"int{8 * (1 + Int(32))}",
            2 => "address",
            3 => "bool",
            4 => $"bytes{1 + Int(32)}",
            5 => "bytes",
            6 => "string",
            7 => Chance(0.5) ? "uint256" : "int256",
            8 => "(" + string.Join(",", Enumerable.Range(0, 1 + Int(4)).Select(_ => AbiType(depth - 1).CanonicalName)) + ")",
            9 => AbiType(depth - 1).CanonicalName + "[]",
            _ => AbiType(depth - 1).CanonicalName + $"[{1 + Int(3)}]",
        };
        return Oracle.Evm.AbiType.Parse(text);
    }

    /// <summary>A random value of the type in the representation <see cref="AbiCodec.Decode"/> returns.</summary>
    public object? AbiValue(AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt => Unsigned(type.Size),
        AbiTypeKind.Int => Signed(type.Size),
        AbiTypeKind.Address => Address(),
        AbiTypeKind.Bool => Chance(0.5),
        AbiTypeKind.FixedBytes => Bytes(type.Size),
        AbiTypeKind.Bytes => Bytes(Length()),
        AbiTypeKind.String => Text(),
        AbiTypeKind.Tuple => type.Components.Select(AbiValue).ToArray(),
        _ => Enumerable.Range(0, type.Length ?? Int(4)).Select(_ => AbiValue(type.Element!)).ToArray(),
    };
}
