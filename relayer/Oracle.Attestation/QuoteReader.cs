using System.Buffers.Binary;

namespace Oracle.Attestation;

/// <summary>
/// A forward-only reader over a byte buffer whose every read is bounds-checked: running past the
/// end throws <see cref="AttestationException"/> with the check given by the caller.
/// </summary>
internal struct QuoteReader(ReadOnlyMemory<byte> data)
{
    private readonly ReadOnlyMemory<byte> _data = data;
    private int _offset;

    public readonly int Remaining => _data.Length - _offset;

    public ReadOnlyMemory<byte> Take(long count, string check, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw new AttestationException(check, $"{what}: needs {count} bytes at offset {_offset}, {Remaining} left");
        }
        var slice = _data.Slice(_offset, (int)count);
        _offset += (int)count;
        return slice;
    }

    public ushort U16(string check, string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, check, what).Span);

    public uint U32(string check, string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, check, what).Span);

    public readonly void End(string check, string what)
    {
        if (Remaining != 0)
        {
            throw new AttestationException(check, $"{what}: {Remaining} unexpected bytes at offset {_offset}");
        }
    }
}
