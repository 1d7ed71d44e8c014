using System.Numerics;

namespace Oracle.Relayer.Chains;

/// <summary>
/// One target chain, as the relayer pipeline sees it. The pipeline does not know which kind
/// of chain it talks to; <see cref="EvmChainEndpoint"/> is the EVM implementation.
/// </summary>
public interface IChainEndpoint
{
    /// <summary>The chain's configured name.</summary>
    string Name { get; }

    /// <summary>The chain id reports for this chain are signed for.</summary>
    BigInteger ChainId { get; }

    /// <summary>Checks that the endpoint answers and reports the configured chain id.</summary>
    /// <exception cref="RelayerException">Kind Chain, naming the endpoint, when it does not.</exception>
    Task VerifyAsync(CancellationToken ct);

    /// <summary>The newest block: its number and timestamp (the chain time a round is judged at).</summary>
    Task<ChainHead> GetHeadAsync(CancellationToken ct);

    /// <summary>What the contract holds now for the feed <paramref name="feedId"/>.</summary>
    Task<FeedState> GetFeedStateAsync(string contract, byte[] feedId, CancellationToken ct);

    /// <summary>Submits one compact proof to the contract and waits for its confirmations.</summary>
    /// <exception cref="RelayerException">Kind Reverted (with the contract's reason) or Chain.</exception>
    Task<Submission> SubmitAsync(string contract, byte[] proof, CancellationToken ct);
}

/// <summary>A block's number and timestamp (unix seconds).</summary>
public sealed record ChainHead(ulong Number, ulong Timestamp);

/// <summary>The latest answer of a feed contract (round 0: none yet).</summary>
public sealed record FeedState(ulong RoundId, BigInteger Answer, ulong ObservedAt);

/// <summary>An included submission: transaction, block, gas, and what the contract's event says.</summary>
public sealed record Submission(
    string TransactionHash,
    ulong BlockNumber,
    ulong GasUsed,
    ulong RoundId,
    BigInteger Answer,
    ulong ObservedAt,
    string Signer,
    int Replacements);
