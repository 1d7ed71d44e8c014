namespace Oracle.Evm;

/// <summary>What went wrong talking to an EVM chain, so that callers can tell retry from give up.</summary>
public enum EvmErrorKind
{
    /// <summary>The node answered with a JSON-RPC error not covered by a more specific kind.</summary>
    Rpc,
    /// <summary>The endpoint could not be reached or answered with an HTTP error; the message names the URL.</summary>
    Transport,
    /// <summary>A request or a wait (for a receipt, for confirmations) ran out of time.</summary>
    Timeout,
    /// <summary>The endpoint is rate limiting us (HTTP 429 or a limit error).</summary>
    RateLimited,
    /// <summary>Execution reverted; <see cref="EvmException.Revert"/> carries the decoded reason.</summary>
    Reverted,
    /// <summary>The nonce was already used: resynchronise and try again.</summary>
    NonceTooLow,
    /// <summary>The nonce leaves a gap: the node will not take it now.</summary>
    NonceTooHigh,
    /// <summary>The fee is below what the node accepts, or a replacement did not bump enough.</summary>
    Underpriced,
    /// <summary>The node already has this exact transaction.</summary>
    AlreadyKnown,
    /// <summary>The sender cannot pay for gas and value.</summary>
    InsufficientFunds,
    /// <summary>The gas limit is too low for the transaction or above the block limit.</summary>
    GasLimit,
    /// <summary>The node answered with something that is not what the protocol says (bad JSON, bad hex, wrong chain).</summary>
    InvalidResponse,
    /// <summary>A mined transaction left the canonical chain and did not come back in time.</summary>
    Reorged,
    /// <summary>A stuck transaction was replaced as many times as allowed and still did not mine.</summary>
    ReplacementsExhausted,
}

/// <summary>A failed EVM operation. The message names what failed: the method, the endpoint, the revert reason.</summary>
public sealed class EvmException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EvmException(EvmErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    /// <summary>What failed.</summary>
    public EvmErrorKind Kind { get; }

    /// <summary>The JSON-RPC method, when one failed.</summary>
    public string? Method { get; init; }

    /// <summary>The endpoint the request went to.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The JSON-RPC error code, when the node gave one.</summary>
    public int? RpcCode { get; init; }

    /// <summary>The decoded revert, for <see cref="EvmErrorKind.Reverted"/>.</summary>
    public RevertReason? Revert { get; init; }

    /// <summary>The transaction hash, when a sent transaction failed.</summary>
    public string? TransactionHash { get; init; }

    /// <summary>The receipt of a transaction that was mined but reverted.</summary>
    public TransactionReceipt? Receipt { get; init; }

    /// <summary>Whether trying again (after a resync or a pause) may succeed. A revert, a lack of funds or a
    /// malformed answer will not change by retrying.</summary>
    public bool IsRetryable => Kind is EvmErrorKind.Transport or EvmErrorKind.Timeout or EvmErrorKind.RateLimited
        or EvmErrorKind.NonceTooLow or EvmErrorKind.NonceTooHigh or EvmErrorKind.Underpriced or EvmErrorKind.AlreadyKnown
        or EvmErrorKind.Reorged or EvmErrorKind.ReplacementsExhausted;
}
