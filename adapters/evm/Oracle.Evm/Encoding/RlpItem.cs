using System.Numerics;

namespace Oracle.Evm;

/// <summary>A decoded RLP item: a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private RlpItem(byte[]? bytes, IReadOnlyList<RlpItem>? items)
    {
        _bytes = bytes;
        _items = items;
    }

    private readonly byte[]? _bytes;
    private readonly IReadOnlyList<RlpItem>? _items;

    /// <summary>A byte-string item.</summary>
    public static RlpItem FromBytes(byte[] bytes) => new(bytes, null);

    /// <summary>A list item.</summary>
    public static RlpItem FromList(IReadOnlyList<RlpItem> items) => new(null, items);

    /// <summary>Whether this item is a list.</summary>
    public bool IsList => _items is not null;

    /// <summary>The bytes of a byte-string item.</summary>
    /// <exception cref="FormatException">The item is a list.</exception>
    public byte[] Bytes => _bytes ?? throw new FormatException("RLP: expected a byte string, found a list");

    /// <summary>The items of a list item.</summary>
    /// <exception cref="FormatException">The item is a byte string.</exception>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new FormatException("RLP: expected a list, found a byte string");

    /// <summary>The byte string read as a canonical unsigned big-endian integer.</summary>
    /// <exception cref="FormatException">A list, or an integer with leading zero bytes.</exception>
    public BigInteger ToBigInteger()
    {
        var bytes = Bytes;
        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new FormatException("RLP: integer with leading zero byte");
        }
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>The byte string read as an integer that must fit in 64 bits.</summary>
    /// <exception cref="FormatException">Not an integer or larger than 64 bits.</exception>
    public ulong ToUInt64()
    {
        var value = ToBigInteger();
        return value <= ulong.MaxValue ? (ulong)value : throw new FormatException("RLP: integer larger than 64 bits");
    }
}
