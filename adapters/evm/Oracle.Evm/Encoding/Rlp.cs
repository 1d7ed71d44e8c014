using System.Collections;
using System.Numerics;

namespace Oracle.Evm;

/// <summary>Recursive Length Prefix encoding (Ethereum yellow paper, appendix B).</summary>
public static class Rlp
{
    /// <summary>Encodes a byte string.</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            return [bytes[0]];
        }
        return [.. Prefix(0x80, bytes.Length), .. bytes];
    }

    /// <summary>Encodes a non-negative integer as its minimal big-endian bytes (zero is the empty string).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static byte[] EncodeInteger(BigInteger value) => EncodeBytes(IntegerBytes(value));

    /// <summary>Wraps already-encoded items in a list.</summary>
    public static byte[] EncodeList(IEnumerable<byte[]> encodedItems)
    {
        var payload = encodedItems.SelectMany(item => item).ToArray();
        return [.. Prefix(0xc0, payload.Length), .. payload];
    }

    /// <summary>Encodes a tree of values: <c>byte[]</c> is a byte string, integers (<see cref="BigInteger"/>,
    /// <c>ulong</c>, <c>long</c>, <c>int</c>, ...) are minimal big-endian, <see cref="EthAddress"/> is its 20 bytes,
    /// <see cref="RlpItem"/> is itself, any other enumerable is a list.</summary>
    /// <exception cref="ArgumentException">A value of another type, or a negative integer.</exception>
    public static byte[] Encode(object item) => item switch
    {
        byte[] bytes => EncodeBytes(bytes),
        BigInteger big => EncodeInteger(big),
        ulong u => EncodeInteger(u),
        long l => EncodeInteger(l),
        uint u => EncodeInteger(u),
        int i => EncodeInteger(i),
        EthAddress address => EncodeBytes(address.AsSpan()),
        RlpItem rlpItem => Encode(rlpItem.IsList ? rlpItem.Items : rlpItem.Bytes),
        IEnumerable list and not string => EncodeList(list.Cast<object>().Select(Encode)),
        _ => throw new ArgumentException($"RLP cannot encode a {item?.GetType().Name ?? "null"}", nameof(item)),
    };

    /// <summary>The minimal big-endian bytes of a non-negative integer (empty for zero).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static byte[] IntegerBytes(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Decodes one item that must span the whole input.</summary>
    /// <exception cref="FormatException">Malformed, non-canonical, or trailing bytes.</exception>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded)
    {
        var item = DecodeAt(encoded, out var consumed);
        if (consumed != encoded.Length)
        {
            throw new FormatException($"RLP: {encoded.Length - consumed} trailing bytes after the item");
        }
        return item;
    }

    private static RlpItem DecodeAt(ReadOnlySpan<byte> data, out int consumed)
    {
        if (data.Length == 0)
        {
            throw new FormatException("RLP: input ends where an item should start");
        }
        var first = data[0];
        if (first < 0x80)
        {
            consumed = 1;
            return RlpItem.FromBytes([first]);
        }
        var isList = first >= 0xc0;
        var shortBase = isList ? 0xc0 : 0x80;
        int headerLength;
        int payloadLength;
        if (first - shortBase <= 55)
        {
            headerLength = 1;
            payloadLength = first - shortBase;
        }
        else
        {
            var lengthOfLength = first - shortBase - 55;
            if (data.Length < 1 + lengthOfLength)
            {
                throw new FormatException("RLP: input ends inside a length");
            }
            if (data[1] == 0)
            {
                throw new FormatException("RLP: length with leading zero");
            }
            var length = new BigInteger(data.Slice(1, lengthOfLength), isUnsigned: true, isBigEndian: true);
            if (length > int.MaxValue)
            {
                throw new FormatException("RLP: length too large");
            }
            payloadLength = (int)length;
            if (payloadLength <= 55)
            {
                throw new FormatException("RLP: long form used for a short payload");
            }
            headerLength = 1 + lengthOfLength;
        }
        if (data.Length - headerLength < payloadLength)
        {
            throw new FormatException($"RLP: item claims {payloadLength} bytes, {data.Length - headerLength} remain");
        }
        var payload = data.Slice(headerLength, payloadLength);
        consumed = headerLength + payloadLength;
        if (!isList)
        {
            if (payloadLength == 1 && payload[0] < 0x80)
            {
                throw new FormatException("RLP: single byte below 0x80 must encode as itself");
            }
            return RlpItem.FromBytes(payload.ToArray());
        }
        var items = new List<RlpItem>();
        while (!payload.IsEmpty)
        {
            items.Add(DecodeAt(payload, out var used));
            payload = payload[used..];
        }
        return RlpItem.FromList(items);
    }

    private static byte[] Prefix(int shortBase, int length)
    {
        if (length <= 55)
        {
            return [(byte)(shortBase + length)];
        }
        var lengthBytes = IntegerBytes(length);
        return [(byte)(shortBase + 55 + lengthBytes.Length), .. lengthBytes];
    }
}
