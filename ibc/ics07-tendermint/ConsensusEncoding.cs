using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// How a chain turns headers, validator sets and votes into the bytes it hashes and signs. CometBFT (and Tendermint
/// since 0.34) uses protobuf: <see cref="ProtobufConsensusEncoding"/>, the default and the only one this library ships.
/// </summary>
/// <remarks>The seam exists so that data signed under another encoding (Tendermint 0.33's Amino, in old test vectors)
/// can be checked with the same light client rules; an implementation must be deterministic and side-effect free.</remarks>
public interface IConsensusEncoding
{
    /// <summary>The header's hash, the value a commit's block id names.</summary>
    byte[] HeaderHash(Header header);

    /// <summary>The validator set's hash, the value of a header's validators_hash.</summary>
    byte[] ValidatorSetHash(ValidatorSet validators);

    /// <summary>The bytes the validator at signature <paramref name="index"/> of <paramref name="commit"/> signed.</summary>
    byte[] CommitSigSignBytes(string chainId, Commit commit, int index);
}

/// <summary>CometBFT's protobuf encoding (<see cref="Hashing"/> and <see cref="SignBytes"/>).</summary>
public sealed class ProtobufConsensusEncoding : IConsensusEncoding
{
    private ProtobufConsensusEncoding()
    {
    }

    /// <summary>The one instance.</summary>
    public static ProtobufConsensusEncoding Instance { get; } = new();

    /// <inheritdoc />
    public byte[] HeaderHash(Header header) => Hashing.HeaderHash(header);

    /// <inheritdoc />
    public byte[] ValidatorSetHash(ValidatorSet validators) => Hashing.ValidatorSetHash(validators);

    /// <inheritdoc />
    public byte[] CommitSigSignBytes(string chainId, Commit commit, int index) => SignBytes.ForCommitSig(chainId, commit, index);
}
