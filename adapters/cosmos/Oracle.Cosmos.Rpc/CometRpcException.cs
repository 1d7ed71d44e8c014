using System.Net;

namespace Oracle.Cosmos.Rpc;

/// <summary>A failed CometBFT RPC call or subscription. The message names the method, the endpoint and what failed.</summary>
public sealed class CometRpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CometRpcException(CometRpcError error, string message, Exception? inner = null) : base(message, inner) => Error = error;

    /// <summary>What failed (a stable code).</summary>
    public CometRpcError Error { get; }

    /// <summary>The JSON-RPC method that failed (<c>subscribe</c> for a subscription).</summary>
    public string? Method { get; init; }

    /// <summary>The endpoint the request went to.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The HTTP status of the answer, when there was one.</summary>
    public HttpStatusCode? HttpStatus { get; init; }

    /// <summary>The JSON-RPC error code (e.g. -32602 invalid params, -32603 internal error).</summary>
    public int? RpcCode { get; init; }

    /// <summary>The JSON-RPC error message (e.g. "Internal error").</summary>
    public string? RpcMessage { get; init; }

    /// <summary>The JSON-RPC error data: CometBFT puts the actual reason here (e.g. "height 9 must be less than or equal to ...").</summary>
    public string? RpcData { get; init; }

    /// <summary>The JSON path of the missing or ill-typed field, for <see cref="CometRpcError.MalformedResponse"/>.</summary>
    public string? Field { get; init; }

    /// <summary>
    /// Whether trying again later may succeed: timeouts, broken connections, HTTP 408/429/5xx, a lost subscription,
    /// and the node's server/internal errors (-32000, -32603: CometBFT uses them for "height not yet reached").
    /// A malformed answer, a refused parameter (-32602), an unknown method (-32601) or an oversized answer will not
    /// change by retrying.
    /// </summary>
    public bool IsRetryable => Error switch
    {
        CometRpcError.Timeout or CometRpcError.Transport or CometRpcError.SubscriptionLost => true,
        CometRpcError.HttpStatus => HttpStatus is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int?)HttpStatus >= 500,
        CometRpcError.RpcError => RpcCode is -32603 or -32000,
        _ => false,
    };
}
