namespace Oracle.Ibc.Ics23;

/// <summary>Node-layout rules upstream applies when the spec is the IAVL or the Tendermint spec.</summary>
internal static class StoreLayouts
{
    /// <summary>
    /// An IAVL prefix is zigzag varints height, size, version, then (inner nodes) the left child's length-prefixed
    /// hash or just the length byte: 1 or 34 bytes remain. Leaves (layer 0) have height 0, size 1 and nothing after.
    /// </summary>
    public static void ValidateIavl(ReadOnlySpan<byte> prefix, HashOp hash, int layer)
    {
        int offset = 0;
        long height = ReadVarint(prefix, ref offset, "height");
        if (height < 0 || height < layer)
            throw Fail($"IAVL height ({height}) must be non-negative and greater than or equal to the layer number ({layer})");
        long size = ReadVarint(prefix, ref offset, "size");
        if (size < 0)
            throw Fail("IAVL size must be non-negative");
        long version = ReadVarint(prefix, ref offset, "version");
        if (version < 0)
            throw Fail("IAVL version must be non-negative");
        int remaining = prefix.Length - offset;
        if (layer == 0)
        {
            if (remaining != 0)
                throw Fail($"expected remaining prefix length to be 0, got: {remaining}");
            if (height != 0)
                throw Fail($"expected leaf node height to be 0, got: {height}");
            if (size != 1)
                throw Fail($"expected leaf node size to be 1, got: {size}");
        }
        else
        {
            if (remaining != 1 && remaining != 34)
                throw Fail($"remainder of prefix must be of length 1 or 34, got: {remaining}");
            if (hash != HashOp.Sha256)
                throw Fail("IAVL hash op must be SHA256");
        }
    }

    /// <summary>A Tendermint inner prefix is the byte 1, alone when the sibling is in the suffix.</summary>
    public static void ValidateTendermint(InnerOp op)
    {
        var prefix = op.Prefix.Span;
        if (prefix.IsEmpty)
            throw new Ics23Exception(Ics23Error.TendermintOp, "inner op prefix must not be empty");
        if (!op.Suffix.IsEmpty && !(prefix.Length == 1 && prefix[0] == 1))
            throw new Ics23Exception(Ics23Error.TendermintOp, $"expected inner op prefix: [1], got: {Convert.ToHexString(prefix)}");
        if (prefix[0] != 1)
            throw new Ics23Exception(Ics23Error.TendermintOp, $"expected inner op prefix to begin with: [1], got: [{prefix[0]}]");
    }

    private static Ics23Exception Fail(string message) => new(Ics23Error.IavlOp, message);

    /// <summary>Go's binary.ReadVarint: a zigzag-encoded varint of at most 10 bytes.</summary>
    private static long ReadVarint(ReadOnlySpan<byte> data, ref int offset, string field)
    {
        ulong value = 0;
        for (int shift = 0, i = 0; i < 10; i++, shift += 7)
        {
            if (offset >= data.Length)
                throw Fail($"failed to read IAVL {field} varint: EOF");
            byte b = data[offset++];
            if (i == 9 && b > 1)
                throw Fail($"failed to read IAVL {field} varint: overflow");
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return (long)(value >> 1) ^ -(long)(value & 1);
        }
        throw Fail($"failed to read IAVL {field} varint: overflow");
    }
}
