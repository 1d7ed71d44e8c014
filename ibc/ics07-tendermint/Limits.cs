namespace Oracle.Ibc.Tendermint;

/// <summary>Bounds on untrusted input, applied by the decoders and by validation.</summary>
public static class Limits
{
    /// <summary>Most validators in a set (CometBFT's own consensus bound is 10,000 too).</summary>
    public const int MaxValidators = 10_000;

    /// <summary>Most signatures in a commit (one per validator).</summary>
    public const int MaxSignatures = MaxValidators;

    /// <summary>Largest JSON document a decoder reads, 16 MiB.</summary>
    public const int MaxJsonBytes = 16 << 20;

    /// <summary>Largest protobuf message a decoder reads, 16 MiB.</summary>
    public const int MaxProtobufBytes = 16 << 20;

    /// <summary>Longest chain id, in bytes (CometBFT <c>MaxChainIDLen</c>).</summary>
    public const int MaxChainIdLength = 50;

    /// <summary>Largest total voting power of a set (CometBFT <c>MaxTotalVotingPower</c>, int64 max / 8).</summary>
    public const long MaxTotalVotingPower = long.MaxValue / 8;

    /// <summary>Size of a validator address (SHA-256 of the public key, truncated).</summary>
    public const int AddressSize = 20;

    /// <summary>Size of an ed25519 public key.</summary>
    public const int Ed25519PublicKeySize = 32;

    /// <summary>Size of an ed25519 signature.</summary>
    public const int SignatureSize = 64;
}
