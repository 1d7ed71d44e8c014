using System.Buffers.Binary;

namespace Oracle.Ibc.Ics23;

/// <summary>The length prefixes an ICS-23 <see cref="LengthOp"/> names.</summary>
/// <remarks>VAR_RLP is refused, as upstream cosmos/ics23 (Go) refuses it.</remarks>
public static class LengthOps
{
    /// <summary>Returns <c>length(data) || data</c> for <paramref name="op"/>.</summary>
    /// <exception cref="Ics23Exception"><see cref="Ics23Error.UnsupportedLength"/> or <see cref="Ics23Error.LengthRequirement"/>.</exception>
    public static byte[] DoLengthOp(LengthOp op, ReadOnlySpan<byte> data)
    {
        switch (op)
        {
            case LengthOp.NoPrefix:
                return data.ToArray();
            case LengthOp.VarProto:
            {
                Span<byte> prefix = stackalloc byte[10];
                int n = 0;
                ulong length = (ulong)data.Length;
                while (length >= 0x80)
                {
                    prefix[n++] = (byte)(length | 0x80);
                    length >>= 7;
                }
                prefix[n++] = (byte)length;
                return Concat(prefix[..n], data);
            }
            case LengthOp.Require32Bytes:
                return data.Length == 32 ? data.ToArray()
                    : throw new Ics23Exception(Ics23Error.LengthRequirement, $"data was {data.Length} bytes, not 32");
            case LengthOp.Require64Bytes:
                return data.Length == 64 ? data.ToArray()
                    : throw new Ics23Exception(Ics23Error.LengthRequirement, $"data was {data.Length} bytes, not 64");
            case LengthOp.Fixed32Big:
            {
                Span<byte> prefix = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)data.Length);
                return Concat(prefix, data);
            }
            case LengthOp.Fixed32Little:
            {
                Span<byte> prefix = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)data.Length);
                return Concat(prefix, data);
            }
            case LengthOp.Fixed64Big:
            {
                Span<byte> prefix = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(prefix, (ulong)data.Length);
                return Concat(prefix, data);
            }
            case LengthOp.Fixed64Little:
            {
                Span<byte> prefix = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)data.Length);
                return Concat(prefix, data);
            }
            default:
                throw new Ics23Exception(Ics23Error.UnsupportedLength, $"unsupported lengthop: {(int)op}");
        }
    }

    private static byte[] Concat(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data)
    {
        var result = new byte[prefix.Length + data.Length];
        prefix.CopyTo(result);
        data.CopyTo(result.AsSpan(prefix.Length));
        return result;
    }
}
