using System.Collections;
using System.Numerics;
using System.Text;

namespace Oracle.Evm;

/// <summary>The Solidity ABI head/tail encoding of values of <see cref="AbiType"/>s.</summary>
/// <remarks>
/// Values going in: integers as <see cref="BigInteger"/> or any .NET integer type (or a decimal / 0x string),
/// <c>address</c> as <see cref="EthAddress"/> or its hex string, <c>bool</c>, <c>bytesN</c> and <c>bytes</c> as
/// <c>byte[]</c>, <c>string</c> as <see cref="string"/>, tuples and arrays as any enumerable of their elements.
/// Values coming out: <see cref="BigInteger"/>, <see cref="EthAddress"/>, <c>bool</c>, <c>byte[]</c>,
/// <see cref="string"/>, and <c>object?[]</c> for tuples and arrays.
/// </remarks>
public static class AbiCodec
{
    /// <summary>Encodes values as the tuple of the given types (what a call's arguments or a return value are).</summary>
    /// <exception cref="ArgumentException">A value does not fit its type; the message names the position.</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"ABI encode: {types.Count} types but {values.Count} values");
        }
        return EncodeTuple(types, values, "");
    }

    /// <summary>Decodes data as the tuple of the given types.</summary>
    /// <exception cref="FormatException">The data is too short, an offset points outside it, or a value is out of range.</exception>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data) => DecodeTuple(types, data, 0, "");

    private static byte[] EncodeTuple(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, string path)
    {
        var heads = new List<byte[]>();
        var tails = new List<byte[]>();
        var headLength = types.Sum(t => t.HeadSize);
        var tailLength = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var encoded = EncodeValue(types[i], values[i], $"{path}[{i}]");
            if (types[i].IsDynamic)
            {
                heads.Add(Word(headLength + tailLength));
                tails.Add(encoded);
                tailLength += encoded.Length;
            }
            else
            {
                heads.Add(encoded);
            }
        }
        return [.. heads.SelectMany(h => h), .. tails.SelectMany(t => t)];
    }

    private static byte[] EncodeValue(AbiType type, object? value, string path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                return EncodeInteger(type, ToBigInteger(value, type, path), path);
            case AbiTypeKind.Address:
                var address = value switch
                {
                    EthAddress a => a,
                    string s => EthAddress.Parse(s),
                    _ => throw Mismatch(type, value, path),
                };
                return [.. new byte[12], .. address.AsSpan()];
            case AbiTypeKind.Bool:
                return value is bool b ? Word(b ? 1 : 0) : throw Mismatch(type, value, path);
            case AbiTypeKind.FixedBytes:
                var fixedBytes = ToBytes(value, type, path);
                if (fixedBytes.Length != type.Size)
                {
                    throw new ArgumentException($"ABI {path}: {type} needs {type.Size} bytes, got {fixedBytes.Length}");
                }
                return PadRight(fixedBytes);
            case AbiTypeKind.Bytes:
                var bytes = ToBytes(value, type, path);
                return [.. Word(bytes.Length), .. PadRight(bytes)];
            case AbiTypeKind.String:
                var text = value as string ?? throw Mismatch(type, value, path);
                var utf8 = Encoding.UTF8.GetBytes(text);
                return [.. Word(utf8.Length), .. PadRight(utf8)];
            case AbiTypeKind.Tuple:
                var fields = ToList(value, type, path);
                if (fields.Count != type.Components.Count)
                {
                    throw new ArgumentException($"ABI {path}: {type} has {type.Components.Count} fields, got {fields.Count} values");
                }
                return EncodeTuple(type.Components, fields, path);
            default:
                var elements = ToList(value, type, path);
                if (type.Length is { } length && elements.Count != length)
                {
                    throw new ArgumentException($"ABI {path}: {type} needs {length} elements, got {elements.Count}");
                }
                var body = EncodeTuple(Enumerable.Repeat(type.Element!, elements.Count).ToList(), elements, path);
                return type.Length is null ? [.. Word(elements.Count), .. body] : body;
        }
    }

    private static byte[] EncodeInteger(AbiType type, BigInteger value, string path)
    {
        var bits = type.Size;
        var (min, max) = type.Kind == AbiTypeKind.UInt
            ? (BigInteger.Zero, (BigInteger.One << bits) - 1)
            : (-(BigInteger.One << (bits - 1)), (BigInteger.One << (bits - 1)) - 1);
        if (value < min || value > max)
        {
            throw new ArgumentException($"ABI {path}: {value} is out of range for {type}");
        }
        var twos = value.Sign < 0 ? (BigInteger.One << 256) + value : value;
        return Word(twos);
    }

    /// <summary>A 32-byte big-endian word of a value in [0, 2^256).</summary>
    internal static byte[] Word(BigInteger value)
    {
        var word = new byte[32];
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (value.IsZero)
        {
            return word;
        }
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }

    private static byte[] PadRight(byte[] bytes)
    {
        var padded = new byte[(bytes.Length + 31) / 32 * 32];
        bytes.CopyTo(padded, 0);
        return padded;
    }

    private static BigInteger ToBigInteger(object? value, AbiType type, string path) => value switch
    {
        BigInteger big => big,
        int i => i,
        long l => l,
        uint u => u,
        ulong u => u,
        short s => s,
        ushort s => s,
        byte b => b,
        sbyte b => b,
        string s when s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => Hex.DecodeQuantity(s),
        string s when s.StartsWith("-0x", StringComparison.OrdinalIgnoreCase) => -Hex.DecodeQuantity(s[1..]),
        string s => BigInteger.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw Mismatch(type, value, path),
    };

    private static byte[] ToBytes(object? value, AbiType type, string path) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        string s when s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => Hex.Decode(s),
        _ => throw Mismatch(type, value, path),
    };

    private static IReadOnlyList<object?> ToList(object? value, AbiType type, string path) => value switch
    {
        IReadOnlyList<object?> list => list,
        IEnumerable enumerable and not string and not byte[] => enumerable.Cast<object?>().ToList(),
        System.Runtime.CompilerServices.ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToList(),
        _ => throw Mismatch(type, value, path),
    };

    private static ArgumentException Mismatch(AbiType type, object? value, string path) =>
        new($"ABI {path}: a {value?.GetType().Name ?? "null"} cannot encode as {type}");

    private static object?[] DecodeTuple(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, int start, string path)
    {
        var values = new object?[types.Count];
        var head = start;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                var offset = ReadLength(data, head, $"{path}[{i}] offset");
                var at = (long)start + offset;
                if (at > data.Length)
                {
                    throw new FormatException($"ABI {path}[{i}]: offset {offset} points past the end ({data.Length} bytes)");
                }
                values[i] = DecodeValue(type, data, (int)at, $"{path}[{i}]");
            }
            else
            {
                values[i] = DecodeValue(type, data, head, $"{path}[{i}]");
            }
            head += type.HeadSize;
        }
        return values;
    }

    private static object? DecodeValue(AbiType type, ReadOnlySpan<byte> data, int at, string path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                var raw = new BigInteger(ReadWord(data, at, path), isUnsigned: true, isBigEndian: true);
                var value = type.Kind == AbiTypeKind.Int && raw >= BigInteger.One << 255 ? raw - (BigInteger.One << 256) : raw;
                var bits = type.Size;
                var fits = type.Kind == AbiTypeKind.UInt
                    ? value < BigInteger.One << bits
                    : value >= -(BigInteger.One << (bits - 1)) && value < BigInteger.One << (bits - 1);
                return fits ? value : throw new FormatException($"ABI {path}: {value} is out of range for {type}");
            case AbiTypeKind.Address:
                var word = ReadWord(data, at, path);
                if (word[..12].ContainsAnyExcept((byte)0))
                {
                    throw new FormatException($"ABI {path}: address with non-zero upper bytes");
                }
                return EthAddress.FromBytes(word[12..]);
            case AbiTypeKind.Bool:
                var flag = ReadWord(data, at, path);
                if (flag[..31].ContainsAnyExcept((byte)0) || flag[31] > 1)
                {
                    throw new FormatException($"ABI {path}: bool that is neither 0 nor 1");
                }
                return flag[31] == 1;
            case AbiTypeKind.FixedBytes:
                return ReadWord(data, at, path)[..type.Size].ToArray();
            case AbiTypeKind.Bytes:
                return ReadTail(data, at, path).ToArray();
            case AbiTypeKind.String:
                return new UTF8Encoding(false, true).GetString(ReadTail(data, at, path));
            case AbiTypeKind.Tuple:
                return DecodeTuple(type.Components, data, at, path);
            default:
                var count = type.Length ?? ReadLength(data, at, path + " length");
                var elementsStart = type.Length is null ? at + 32 : at;
                if ((long)count * type.Element!.HeadSize > data.Length - elementsStart)
                {
                    throw new FormatException($"ABI {path}: {count} elements do not fit in the data");
                }
                return DecodeTuple(Enumerable.Repeat(type.Element!, count).ToList(), data, elementsStart, path);
        }
    }

    private static ReadOnlySpan<byte> ReadWord(ReadOnlySpan<byte> data, int at, string path)
    {
        if (at < 0 || data.Length - at < 32)
        {
            throw new FormatException($"ABI {path}: data ends at {data.Length}, a word is needed at {at}");
        }
        return data.Slice(at, 32);
    }

    private static int ReadLength(ReadOnlySpan<byte> data, int at, string path)
    {
        var value = new BigInteger(ReadWord(data, at, path), isUnsigned: true, isBigEndian: true);
        return value <= data.Length ? (int)value : throw new FormatException($"ABI {path}: {value} exceeds the data length {data.Length}");
    }

    private static ReadOnlySpan<byte> ReadTail(ReadOnlySpan<byte> data, int at, string path)
    {
        var length = ReadLength(data, at, path + " length");
        if (data.Length - (at + 32) < length)
        {
            throw new FormatException($"ABI {path}: {length} bytes announced, {data.Length - at - 32} remain");
        }
        return data.Slice(at + 32, length);
    }
}
