using System.Buffers.Binary;
using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint.Tests;

/// <summary>
/// Tendermint 0.33's Amino encoding of header fields, validator sets and votes, for the old bisection vectors
/// (signed before Tendermint 0.34 moved to protobuf). Test-only: production chains use
/// <see cref="ProtobufConsensusEncoding"/>. It is proven by the vectors themselves: header hashes equal the commits'
/// block ids, validator-set hashes equal the headers', and the signatures verify.
/// </summary>
internal sealed class AminoEncoding : IConsensusEncoding
{
    /// <summary>Amino's registered prefix of <c>tendermint/PubKeyEd25519</c> followed by the key's length (32).</summary>
    private static readonly byte[] Ed25519Prefix = [0x16, 0x24, 0xDE, 0x64, 0x20];

    public static AminoEncoding Instance { get; } = new();

    /// <summary>0.33 <c>Header.Hash()</c>: each field <c>cdcEncode</c>d (Amino binary-bare, nothing for an empty value).</summary>
    public byte[] HeaderHash(Header header)
    {
        var version = header.Version ?? new Consensus();
        var lastBlockId = header.LastBlockId is { } id && !(id.Hash.IsEmpty && (id.PartSetHeader is null || (id.PartSetHeader.Total == 0 && id.PartSetHeader.Hash.IsEmpty)))
            ? Concat(Bytes(1, id.Hash.ToByteArray()), Bytes(2, Concat(Varint(1, id.PartSetHeader?.Total ?? 0), Bytes(2, id.PartSetHeader?.Hash.ToByteArray() ?? []))))
            : [];
        var fields = new List<byte[]>
        {
            Concat(Varint(1, version.Block), Varint(2, version.App)),
            LengthPrefixed(System.Text.Encoding.UTF8.GetBytes(header.ChainId)),
            header.Height == 0 ? [] : Uvarint((ulong)header.Height),
            Time(TmTime.FromProto(header.Time)),
            lastBlockId,
        };
        foreach (var field in new[] { header.LastCommitHash, header.DataHash, header.ValidatorsHash, header.NextValidatorsHash, header.ConsensusHash,
            header.AppHash, header.LastResultsHash, header.EvidenceHash, header.ProposerAddress })
            fields.Add(LengthPrefixed(field.ToByteArray()));
        return MerkleTree.HashFromByteSlices(fields);
    }

    /// <summary>0.33 <c>ValidatorSet.Hash()</c>: Amino <c>SimpleValidator{PubKey, VotingPower}</c> leaves.</summary>
    public byte[] ValidatorSetHash(ValidatorSet validators) =>
        MerkleTree.HashFromByteSlices(validators.Validators
            .Select(v => Concat(Bytes(1, Concat(Ed25519Prefix, v.PubKey?.Ed25519.ToByteArray() ?? [])), Varint(2, (ulong)v.VotingPower)))
            .ToList());

    /// <summary>0.33 <c>VoteSignBytes</c>: length-prefixed Amino <c>CanonicalVote</c> (part set header as hash then total).</summary>
    public byte[] CommitSigSignBytes(string chainId, Commit commit, int index)
    {
        var sig = commit.Signatures[index];
        var blockId = sig.BlockIdFlag == BlockIDFlag.Commit
            ? Bytes(4, Concat(Bytes(1, commit.BlockId.Hash.ToByteArray()),
                Bytes(2, Concat(Bytes(1, commit.BlockId.PartSetHeader?.Hash.ToByteArray() ?? []), Varint(2, commit.BlockId.PartSetHeader?.Total ?? 0)))))
            : [];
        var vote = Concat(
            Varint(1, (ulong)SignedMsgType.Precommit),
            Fixed64(2, commit.Height),
            Fixed64(3, commit.Round),
            blockId,
            Bytes(5, Time(TmTime.FromProto(sig.Timestamp))),
            Bytes(6, System.Text.Encoding.UTF8.GetBytes(chainId)));
        return Concat(Uvarint((ulong)vote.Length), vote);
    }

    private static byte[] Time(TmTime t) => Concat(Varint(1, (ulong)t.Seconds), Varint(2, (ulong)t.Nanos));

    private static byte[] Varint(int field, ulong value) => value == 0 ? [] : Concat(Uvarint((ulong)field << 3), Uvarint(value));

    private static byte[] Fixed64(int field, long value)
    {
        if (value == 0)
            return [];
        var bytes = new byte[9];
        bytes[0] = (byte)(field << 3 | 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), value);
        return bytes;
    }

    private static byte[] Bytes(int field, byte[] value) => value.Length == 0 ? [] : Concat(Uvarint((ulong)field << 3 | 2), LengthPrefixed(value));

    private static byte[] LengthPrefixed(byte[] value) => value.Length == 0 ? [] : Concat(Uvarint((ulong)value.Length), value);

    private static byte[] Uvarint(ulong value)
    {
        var buffer = new byte[10];
        var output = new CodedOutputStream(buffer);
        output.WriteUInt64(value);
        return buffer[..(int)output.Position];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
