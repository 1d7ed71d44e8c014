using System.Buffers.Binary;
using System.Numerics;

namespace Oracle.Relayer.Feeds;

/// <summary>
/// The compact proof of DESIGN.md section 4, decoded:
/// <c>version u8 = 1 | feedId 32 | requestId 32 | round u64 | value int256 | observedAt u64 |
/// sourcesHash 32 | dataLen u16 | data | sigCount u8 | signatures 65 bytes each</c>.
/// </summary>
public sealed record CompactProof(
    byte[] FeedId,
    byte[] RequestId,
    ulong Round,
    BigInteger Value,
    ulong ObservedAt,
    byte[] SourcesHash,
    byte[] Data,
    IReadOnlyList<byte[]> Signatures)
{
    /// <summary>Decodes a proof.</summary>
    /// <exception cref="FormatException">The bytes are not a version 1 proof; the message says where.</exception>
    public static CompactProof Decode(ReadOnlySpan<byte> p)
    {
        const int head = 1 + 32 + 32 + 8 + 32 + 8 + 32 + 2;
        if (p.Length < head + 1) throw new FormatException($"proof is {p.Length} bytes, shorter than the {head + 1}-byte minimum");
        if (p[0] != 1) throw new FormatException($"proof version {p[0]}, expected 1");
        int dataLen = BinaryPrimitives.ReadUInt16BigEndian(p[(head - 2)..]);
        int sigAt = head + dataLen;
        if (p.Length < sigAt + 1) throw new FormatException($"proof is {p.Length} bytes, too short for {dataLen} data bytes");
        int sigCount = p[sigAt];
        if (sigCount == 0) throw new FormatException("proof has no signature");
        if (p.Length != sigAt + 1 + 65 * sigCount)
            throw new FormatException($"proof is {p.Length} bytes, expected {sigAt + 1 + 65 * sigCount} for {sigCount} signature(s)");
        var sigs = new List<byte[]>(sigCount);
        for (int i = 0; i < sigCount; i++) sigs.Add(p.Slice(sigAt + 1 + 65 * i, 65).ToArray());
        return new CompactProof(
            p.Slice(1, 32).ToArray(),
            p.Slice(33, 32).ToArray(),
            BinaryPrimitives.ReadUInt64BigEndian(p[65..]),
            new BigInteger(p.Slice(73, 32), isUnsigned: false, isBigEndian: true),
            BinaryPrimitives.ReadUInt64BigEndian(p[105..]),
            p.Slice(113, 32).ToArray(),
            p.Slice(head, dataLen).ToArray(),
            sigs);
    }
}
