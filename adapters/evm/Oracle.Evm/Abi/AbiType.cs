namespace Oracle.Evm;

/// <summary>The kinds of Solidity ABI types.</summary>
public enum AbiTypeKind
{
    /// <summary><c>uint8</c> .. <c>uint256</c>.</summary>
    UInt,
    /// <summary><c>int8</c> .. <c>int256</c>, two's complement.</summary>
    Int,
    /// <summary><c>address</c>.</summary>
    Address,
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>bytes1</c> .. <c>bytes32</c>.</summary>
    FixedBytes,
    /// <summary>Dynamic <c>bytes</c>.</summary>
    Bytes,
    /// <summary>Dynamic <c>string</c> (UTF-8).</summary>
    String,
    /// <summary><c>(T1,T2,...)</c>.</summary>
    Tuple,
    /// <summary><c>T[k]</c> or <c>T[]</c>.</summary>
    Array,
}

/// <summary>A parsed ABI type such as <c>uint256</c>, <c>(uint80,int256)</c> or <c>address[]</c>.</summary>
public sealed class AbiType
{
    private AbiType(AbiTypeKind kind, int size, IReadOnlyList<AbiType> components, AbiType? element, int? length)
    {
        Kind = kind;
        Size = size;
        Components = components;
        Element = element;
        Length = length;
        CanonicalName = kind switch
        {
            AbiTypeKind.UInt => $"uint{size}",
            AbiTypeKind.Int => $"int{size}",
            AbiTypeKind.Address => "address",
            AbiTypeKind.Bool => "bool",
            AbiTypeKind.FixedBytes => $"bytes{size}",
            AbiTypeKind.Bytes => "bytes",
            AbiTypeKind.String => "string",
            AbiTypeKind.Tuple => "(" + string.Join(",", components.Select(c => c.CanonicalName)) + ")",
            _ => $"{element!.CanonicalName}[{length?.ToString() ?? ""}]",
        };
        IsDynamic = kind is AbiTypeKind.Bytes or AbiTypeKind.String
            || (kind == AbiTypeKind.Tuple && components.Any(c => c.IsDynamic))
            || (kind == AbiTypeKind.Array && (length is null || element!.IsDynamic));
        HeadSize = IsDynamic ? 32 : kind switch
        {
            AbiTypeKind.Tuple => components.Sum(c => c.HeadSize),
            AbiTypeKind.Array => length!.Value * element!.HeadSize,
            _ => 32,
        };
    }

    /// <summary>The kind of type.</summary>
    public AbiTypeKind Kind { get; }

    /// <summary>Bits for integers, bytes for <c>bytesN</c>, 0 otherwise.</summary>
    public int Size { get; }

    /// <summary>The components of a tuple (empty otherwise).</summary>
    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>The element type of an array.</summary>
    public AbiType? Element { get; }

    /// <summary>The length of a fixed-size array; null for <c>T[]</c>.</summary>
    public int? Length { get; }

    /// <summary>The canonical name used in signatures (<c>uint256</c>, <c>(address,bytes)[]</c>).</summary>
    public string CanonicalName { get; }

    /// <summary>Whether the encoding is dynamic (placed in the tail behind an offset).</summary>
    public bool IsDynamic { get; }

    /// <summary>Bytes this type takes in the head of its enclosing tuple.</summary>
    public int HeadSize { get; }

    /// <summary>Builds a tuple type.</summary>
    public static AbiType Tuple(IReadOnlyList<AbiType> components) => new(AbiTypeKind.Tuple, 0, components, null, null);

    /// <summary>Parses a type: elementary names (<c>uint</c> means <c>uint256</c>), <c>(...)</c> or <c>tuple(...)</c>
    /// tuples, and array suffixes.</summary>
    /// <exception cref="FormatException">Not a valid ABI type.</exception>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var position = 0;
        var type = ParseAt(trimmed, ref position);
        if (position != trimmed.Length)
        {
            throw new FormatException($"ABI type '{text}': unexpected '{trimmed[position..]}'");
        }
        return type;
    }

    /// <summary>Splits a parenthesised or bare comma-separated list at its top-level commas
    /// (<c>"uint256,(bool,bytes)"</c> gives two parts).</summary>
    public static IReadOnlyList<string> SplitTopLevel(string list)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            switch (list[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(list[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        var last = list[start..].Trim();
        if (last.Length > 0 || parts.Count > 0)
        {
            parts.Add(last);
        }
        return parts;
    }

    private static AbiType ParseAt(string text, ref int position)
    {
        AbiType type;
        if (text.AsSpan(position).StartsWith("tuple("))
        {
            position += 5;
        }
        if (position < text.Length && text[position] == '(')
        {
            var close = MatchingParen(text, position);
            var inner = text[(position + 1)..close];
            type = Tuple(SplitTopLevel(inner).Select(Parse).ToList());
            position = close + 1;
        }
        else
        {
            var start = position;
            while (position < text.Length && char.IsLetterOrDigit(text[position]))
            {
                position++;
            }
            type = Elementary(text[start..position], text);
        }
        while (position < text.Length && text[position] == '[')
        {
            var close = text.IndexOf(']', position);
            if (close < 0)
            {
                throw new FormatException($"ABI type '{text}': unclosed '['");
            }
            var digits = text[(position + 1)..close];
            int? length = null;
            if (digits.Length > 0)
            {
                if (!int.TryParse(digits, System.Globalization.NumberStyles.None, null, out var n) || n <= 0)
                {
                    throw new FormatException($"ABI type '{text}': bad array length '{digits}'");
                }
                length = n;
            }
            type = new AbiType(AbiTypeKind.Array, 0, [], type, length);
            position = close + 1;
        }
        return type;
    }

    private static int MatchingParen(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                return i;
            }
        }
        throw new FormatException($"ABI type '{text}': unbalanced parentheses");
    }

    private static AbiType Elementary(string name, string whole)
    {
        static int Bits(string digits, string whole)
        {
            if (digits.Length == 0)
            {
                return 256;
            }
            if (int.TryParse(digits, System.Globalization.NumberStyles.None, null, out var bits) && bits is >= 8 and <= 256 && bits % 8 == 0)
            {
                return bits;
            }
            throw new FormatException($"ABI type '{whole}': integer width must be 8..256 in steps of 8");
        }
        switch (name)
        {
            case "address":
                return new AbiType(AbiTypeKind.Address, 0, [], null, null);
            case "bool":
                return new AbiType(AbiTypeKind.Bool, 0, [], null, null);
            case "bytes":
                return new AbiType(AbiTypeKind.Bytes, 0, [], null, null);
            case "string":
                return new AbiType(AbiTypeKind.String, 0, [], null, null);
        }
        if (name.StartsWith("uint", StringComparison.Ordinal))
        {
            return new AbiType(AbiTypeKind.UInt, Bits(name[4..], whole), [], null, null);
        }
        if (name.StartsWith("int", StringComparison.Ordinal))
        {
            return new AbiType(AbiTypeKind.Int, Bits(name[3..], whole), [], null, null);
        }
        if (name.StartsWith("bytes", StringComparison.Ordinal)
            && int.TryParse(name[5..], System.Globalization.NumberStyles.None, null, out var size) && size is >= 1 and <= 32)
        {
            return new AbiType(AbiTypeKind.FixedBytes, size, [], null, null);
        }
        throw new FormatException($"ABI type '{whole}': unknown type '{name}'");
    }

    /// <inheritdoc/>
    public override string ToString() => CanonicalName;
}
