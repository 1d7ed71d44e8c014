using System.Numerics;
using Oracle.Evm;
using Oracle.Relayer.Feeds;

namespace Oracle.Relayer.Proofs;

/// <summary>What a proof is checked against: the consuming contract (the EIP-712 verifying contract), the registry
/// it trusts, how old the report may be, and optionally the feed and how many signers.</summary>
/// <param name="Consumer">The contract the proof is for (OracleProof uses <c>address(this)</c>).</param>
/// <param name="Registry">The registry the consumer reads signer entries from.</param>
/// <param name="MaxAge">The consumer's <c>maxAge</c>: observedAt + maxAge must not be earlier than the chain's time.
/// Whole seconds (the contract's unit); a fraction is truncated.</param>
public sealed record ProofRequirements(EthAddress Consumer, EthAddress Registry, TimeSpan MaxAge)
{
    /// <summary>The feed the consumer expects (null: any; OracleProof returns the feed id and the caller compares).</summary>
    public byte[]? FeedId { get; init; }

    /// <summary>Distinct registered signers required (verifyQuorum's <c>minSigners</c>; <c>verify</c> is 1).</summary>
    public int MinSigners { get; init; } = 1;
}

/// <summary>One signer of a proof and its registry entry as read at <see cref="ProofVerdict.BlockNumber"/>.</summary>
/// <param name="Signer">The recovered address.</param>
/// <param name="Registered">Bit 255 of the entry: an active entry.</param>
/// <param name="ExpiresAt">Unix seconds (the entry's low 64 bits).</param>
/// <param name="TcbStatus">The TCB status recorded at registration (255: simulated evidence).</param>
/// <param name="ValidatorIndex">The validator's index in the registry.</param>
public sealed record SignerEntry(EthAddress Signer, bool Registered, ulong ExpiresAt, byte TcbStatus, uint ValidatorIndex)
{
    /// <summary>True when the entry was written for simulated evidence (the sim enclave: protects nothing).</summary>
    public bool Simulated => TcbStatus == OracleProofAbi.SimulatedTcbStatus;

    /// <summary>Unpacks <c>signerEntry(address)</c>'s word.</summary>
    public static SignerEntry Unpack(EthAddress signer, BigInteger word) => new(
        signer,
        !(word >> 255).IsZero,
        (ulong)(word & ulong.MaxValue),
        (byte)((word >> 64) & 0xff),
        (uint)((word >> 72) & uint.MaxValue));
}

/// <summary>
/// The verdict on one pull proof, as <c>OracleProof.verifyQuorum</c> would give it in a transaction of the consumer
/// at the chain's latest block. <see cref="Ok"/> false names the failed check (<see cref="ProofCheck"/>), the reason
/// in English and the custom error the contract reverts with.
/// </summary>
public sealed record ProofVerdict
{
    /// <summary>True when every check passed.</summary>
    public required bool Ok { get; init; }

    /// <summary>The failed check (<see cref="ProofCheck"/>); null when <see cref="Ok"/>.</summary>
    public string? Check { get; init; }

    /// <summary>Why, naming the values compared; null when <see cref="Ok"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>The custom error the consumer's transaction reverts with, e.g. <c>ProofStale</c>; null when <see cref="Ok"/>.</summary>
    public string? ContractError { get; init; }

    /// <summary>The decoded proof; null when it is malformed.</summary>
    public CompactProof? Proof { get; init; }

    /// <summary>The signers recovered and judged so far, in proof order (all of them when <see cref="Ok"/>).</summary>
    public IReadOnlyList<SignerEntry> Signers { get; init; } = [];

    /// <summary>The chain id the proof was judged for.</summary>
    public required BigInteger ChainId { get; init; }

    /// <summary>The latest block's timestamp the proof was judged at; null when the chain was not read (a malformed proof).</summary>
    public ulong? ChainTime { get; init; }

    /// <summary>The block whose timestamp and registry state were read; null when the chain was not read.</summary>
    public ulong? BlockNumber { get; init; }

    /// <summary>The requirements it was judged against.</summary>
    public required ProofRequirements Requirements { get; init; }

    /// <summary>The signed value (scaled by the feed's decimals); null when malformed.</summary>
    public BigInteger? Value => Proof?.Value;

    /// <summary>The signed observedAt (unix seconds); null when malformed.</summary>
    public ulong? ObservedAt => Proof?.ObservedAt;

    /// <summary>The signed feed id; null when malformed.</summary>
    public byte[]? FeedId => Proof?.FeedId;
}
