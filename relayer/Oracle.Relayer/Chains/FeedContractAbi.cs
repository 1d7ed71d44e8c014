namespace Oracle.Relayer.Chains;

/// <summary>
/// The parts of the on-chain ABI the relayer uses: <c>contracts/src/OracleHub.sol</c>, the registry
/// and every feed in one contract (the EIP-712 verifying contract), which takes a compact proof as
/// the whole calldata. Consumers read each feed through its <c>OracleHubFeed</c> adapter
/// (Chainlink's AggregatorV3Interface).
/// </summary>
public static class FeedContractAbi
{
    /// <summary>Takes one compact proof (ABI form; the relayer sends the raw proof, which is cheaper).</summary>
    public const string Submit = "submit(bytes)";

    /// <summary>The latest answer of a feed, by feed id.</summary>
    public const string LatestRoundDataOf = "latestRoundDataOf(bytes32)";

    /// <summary>Chainlink's AggregatorV3Interface read (on a feed's adapter).</summary>
    public const string LatestRoundData = "latestRoundData()";

    /// <summary>Chainlink's AggregatorV3Interface read of one round (on a feed's adapter).</summary>
    public const string GetRoundData = "getRoundData(uint80)";

    /// <summary>Return types of the round reads.</summary>
    public const string RoundDataReturns = "(uint80,int256,uint256,uint256,uint80)";

    /// <summary>observedAt of a feed's latest answer (0 before the first).</summary>
    public const string LatestObservedAt = "latestObservedAt(bytes32)";

    /// <summary>The event emitted per accepted answer.</summary>
    public const string AnswerEvent = "AnswerReported(bytes32 indexed feedId, uint256 roundId, int256 answer, uint256 observedAt, address signer)";

    /// <summary>The event of a single-feed contract (OracleFeed, OracleQuorumFeed): the feed is the contract's own.</summary>
    public const string SingleFeedAnswerEvent = "AnswerReported(uint256 roundId, int256 answer, uint256 observedAt, address signer)";

    /// <summary>Custom errors a submission reverts with, for decoding revert data.</summary>
    public static readonly string[] Errors =
    [
        "ProofTooShort(uint256)", "UnsupportedVersion(uint8)", "ProofLengthMismatch(uint256,uint256)",
        "SignatureCountUnsupported(uint8)", "InvalidSignature()", "WrongFeed(bytes32,bytes32)", "UnknownFeed(bytes32)",
        "SignerNotRegistered(address)", "SignerExpired(address,uint64)", "StaleReport(uint64,uint64)",
        "ValueOutOfRange(int256)", "ObservedAtOutOfRange(uint64)",
        "NotOwner(address)", "ZeroAddress()", "ZeroPower()", "ExpiryInPast(uint64)", "SignerInUse(address,address)",
        "UnknownValidator(address)", "IndexOutOfRange(uint256,uint256)", "FeedExists(bytes32)", "HistoryTooLong(uint16,uint16)",
        "FeedSignersMismatch(uint256,uint256)", "BadQuorum(uint256)", "UnknownFeed(bytes32)",
    ];
}
