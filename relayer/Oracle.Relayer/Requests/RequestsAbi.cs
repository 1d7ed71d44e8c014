namespace Oracle.Relayer.Requests;

/// <summary>The parts of <c>contracts/src/OracleRequests.sol</c> and the registry the request path uses.</summary>
public static class RequestsAbi
{
    /// <summary>Emitted per request; the block number is the log's.</summary>
    public const string RequestedEvent =
        "OracleRequested(bytes32 indexed requestId, address indexed requester, bytes32 indexed specHash, address callback, uint32 callbackGas, uint8 quorum, uint256 randomness, bytes spec)";

    /// <summary>Emitted when a request is answered.</summary>
    public const string FulfilledEvent = "RequestFulfilled(bytes32 indexed requestId, bool ok, int256 value, bytes data, uint64 observedAt, address leader)";

    /// <summary>Answers a request.</summary>
    public const string Fulfill = "fulfill(bytes32,bytes)";

    /// <summary>Asks for data.</summary>
    public const string Request = "request(bytes32,bytes,address,uint32,uint8)";

    /// <summary>The stored request: (callback, callbackGas, quorum, status, blockNumber, specHash, randomness).</summary>
    public const string Requests = "requests(bytes32)";

    /// <summary>Return type of <see cref="Requests"/>.</summary>
    public const string RequestTuple = "address,uint32,uint8,uint8,uint48,bytes32,uint256";

    /// <summary>The registry the contract elects from.</summary>
    public const string Registry = "registry()";

    /// <summary>Blocks per attempt window.</summary>
    public const string WindowBlocks = "windowBlocks()";

    /// <summary>Registry: validators in order.</summary>
    public const string ValidatorCount = "validatorCount()";

    /// <summary>Registry: (validator, power, signer, measurement, tcbStatus, expiresAt).</summary>
    public const string ValidatorAt = "validatorAt(uint256)";

    /// <summary>Return type of <see cref="ValidatorAt"/>.</summary>
    public const string ValidatorTuple = "address,uint64,address,bytes32,uint8,uint64";

    /// <summary>sourcesHash of a signed error report: keccak256("AttestedOracle/error/v1"), the enclave's marker
    /// (<see cref="Oracle.Enclave.Client.ExecuteResult.ErrorMarker"/>; the enclave host tests recompute it).</summary>
    public static readonly byte[] ErrorSourcesHash = Oracle.Evm.Hex.Decode(Oracle.Enclave.Client.ExecuteResult.ErrorMarker);

    /// <summary>Custom errors of OracleRequests and OracleProof (besides the feed's), for decoding reverts.</summary>
    public static readonly string[] Errors =
    [
        "SpecHashMismatch(bytes32,bytes32)", "NoSpec()", "SpecTooLong(uint256,uint256)", "BadQuorum(uint8,uint256)",
        "CallbackGasTooHigh(uint32,uint32)", "RequestNotPending(bytes32,uint8)", "WrongSpec(bytes32,bytes32)",
        "WrongRequest(bytes32,bytes32)", "NotEnoughSigners(uint256,uint256)", "SignersNotSorted(address,address)",
        "NotElected(address,uint256,uint256)", "RoundNotASignersAttempt(uint64)", "InsufficientGasForCallback(uint256,uint256)",
        "ProofStale(uint64,uint256,uint256)", "NotAFeedProof(bytes32)", "ErrorReport(bytes32)", "TooFewSigners(uint256,uint256)",
        "RegistryUnavailable(address)", "WrongFeedId(bytes32,bytes32)",
    ];
}

/// <summary>A request's status on chain (OracleRequests.Status).</summary>
public enum OnChainStatus
{
    /// <summary>No such request (never made, or dropped by a reorg).</summary>
    None = 0,

    /// <summary>Waiting for an answer.</summary>
    Pending = 1,

    /// <summary>Answered with a value.</summary>
    Fulfilled = 2,

    /// <summary>Answered with a signed error report.</summary>
    Failed = 3,
}
