using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// The hashes a light client checks: a header's hash (what a commit's block id names) and a validator
/// set's hash (what a header's validators_hash and next_validators_hash name), computed as CometBFT does.
/// </summary>
public static class Hashing
{
    /// <summary>
    /// CometBFT <c>Header.Hash()</c>: the Merkle root of the 14 header fields, each encoded on its own —
    /// version, time and last_block_id as their protobuf messages (present even when empty, as gogoproto
    /// non-nullable fields are), the others through <c>cdcEncode</c> (a <c>StringValue</c>, <c>Int64Value</c>
    /// or <c>BytesValue</c> wrapper, empty for a zero value).
    /// </summary>
    /// <returns>The 32-byte hash, or an empty array when validators_hash is empty (CometBFT returns nil then).</returns>
    public static byte[] HeaderHash(Header header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.ValidatorsHash.IsEmpty)
            return [];
        var lastBlockId = header.LastBlockId is null
            ? new BlockID { PartSetHeader = new PartSetHeader() }
            : new BlockID { Hash = header.LastBlockId.Hash, PartSetHeader = header.LastBlockId.PartSetHeader ?? new PartSetHeader() };
        var fields = new byte[][]
        {
            (header.Version ?? new Consensus()).ToByteArray(),
            CdcEncode(header.ChainId),
            CdcEncode(header.Height),
            TmTime.FromProto(header.Time).ToProto().ToByteArray(),
            lastBlockId.ToByteArray(),
            CdcEncode(header.LastCommitHash),
            CdcEncode(header.DataHash),
            CdcEncode(header.ValidatorsHash),
            CdcEncode(header.NextValidatorsHash),
            CdcEncode(header.ConsensusHash),
            CdcEncode(header.AppHash),
            CdcEncode(header.LastResultsHash),
            CdcEncode(header.EvidenceHash),
            CdcEncode(header.ProposerAddress),
        };
        return MerkleTree.HashFromByteSlices(fields);
    }

    /// <summary>CometBFT <c>ValidatorSet.Hash()</c>: the Merkle root of each validator's <c>SimpleValidator</c>
    /// encoding (public key and voting power), in the set's order.</summary>
    public static byte[] ValidatorSetHash(ValidatorSet validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var leaves = new byte[validators.Validators.Count][];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = SimpleValidatorBytes(validators.Validators[i]);
        return MerkleTree.HashFromByteSlices(leaves);
    }

    /// <summary>CometBFT <c>Validator.Bytes()</c>: the <c>SimpleValidator</c> encoding of one validator.</summary>
    public static byte[] SimpleValidatorBytes(Validator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return new SimpleValidator { PubKey = validator.PubKey ?? new PublicKey(), VotingPower = validator.VotingPower }.ToByteArray();
    }

    internal static byte[] CdcEncode(string value) => new StringValue { Value = value }.ToByteArray();

    internal static byte[] CdcEncode(long value) => new Int64Value { Value = value }.ToByteArray();

    internal static byte[] CdcEncode(ByteString value) => new BytesValue { Value = value }.ToByteArray();
}
