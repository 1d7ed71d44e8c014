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
    /// <summary>The EIP-712 digest its signatures are over, for one chain and verifying contract.</summary>
    public byte[] Digest(BigInteger chainId, Oracle.Evm.EthAddress contract) =>
        Oracle.Evm.Eip712.ReportDigest(chainId, contract, FeedId, RequestId, Round, Value, Data, ObservedAt, SourcesHash);

    /// <summary>The signer of signature <paramref name="index"/> over <paramref name="digest"/>.</summary>
    /// <exception cref="FormatException">The signature does not recover.</exception>
    public Oracle.Evm.EthAddress Signer(int index, byte[] digest)
    {
        try
        {
            return Oracle.Evm.EthSignature.FromBytes65(Signatures[index]).Recover(digest);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            throw new FormatException($"signature {index} does not recover: {e.Message}", e);
        }
    }

    /// <summary>The same report with other signatures (quorum mode: ordered by signer address).</summary>
    public CompactProof WithSignatures(IReadOnlyList<byte[]> signatures) => this with { Signatures = signatures };

    /// <summary>Encodes the proof (version 1 layout).</summary>
    public byte[] Encode()
    {
        if (Signatures.Count is < 1 or > 255) throw new InvalidOperationException($"a proof carries 1 to 255 signatures, not {Signatures.Count}");
        if (Data.Length > ushort.MaxValue) throw new InvalidOperationException($"data is {Data.Length} bytes, more than a proof carries");
        var b = new byte[148 + Data.Length + 65 * Signatures.Count];
        b[0] = 1;
        FeedId.CopyTo(b, 1);
        RequestId.CopyTo(b, 33);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(65), Round);
        var value = Value.ToByteArray(isUnsigned: false, isBigEndian: true);
        byte fill = Value.Sign < 0 ? (byte)0xff : (byte)0;
        b.AsSpan(73, 32).Fill(fill);
        value.CopyTo(b, 73 + 32 - value.Length);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(105), ObservedAt);
        SourcesHash.CopyTo(b, 113);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(145), (ushort)Data.Length);
        Data.CopyTo(b, 147);
        b[147 + Data.Length] = (byte)Signatures.Count;
        for (int i = 0; i < Signatures.Count; i++)
        {
            if (Signatures[i].Length != 65) throw new InvalidOperationException($"signature {i} is {Signatures[i].Length} bytes, not 65");
            Signatures[i].CopyTo(b, 148 + Data.Length + 65 * i);
        }
        return b;
    }

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
