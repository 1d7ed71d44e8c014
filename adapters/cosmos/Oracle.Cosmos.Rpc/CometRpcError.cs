namespace Oracle.Cosmos.Rpc;

/// <summary>What went wrong talking to a CometBFT node. The numeric values are stable codes: log them, never renumber.</summary>
public enum CometRpcError
{
    /// <summary>The node answered with a JSON-RPC error object; <see cref="CometRpcException.RpcCode"/>,
    /// <see cref="CometRpcException.RpcMessage"/> and <see cref="CometRpcException.RpcData"/> keep it.</summary>
    RpcError = 1,

    /// <summary>The node answered with an HTTP status other than 200 (the JSON-RPC error in the body, if any, is kept).</summary>
    HttpStatus = 2,

    /// <summary>No complete answer within <see cref="CometRpcOptions.Timeout"/>.</summary>
    Timeout = 3,

    /// <summary>The body (or a WebSocket message) is not JSON, or is truncated.</summary>
    MalformedJson = 4,

    /// <summary>The body or message is larger than <see cref="CometRpcOptions.MaxResponseBytes"/>; reading stopped there.</summary>
    ResponseTooLarge = 5,

    /// <summary>The JSON-RPC <c>id</c> of the answer is not the one the request carried.</summary>
    IdMismatch = 6,

    /// <summary>The JSON is well formed but a required field is missing or has the wrong type or range;
    /// <see cref="CometRpcException.Field"/> names it.</summary>
    MalformedResponse = 7,

    /// <summary>The endpoint could not be reached or the connection broke.</summary>
    Transport = 8,

    /// <summary>A WebSocket subscription was lost and could not be re-established within the reconnect policy.</summary>
    SubscriptionLost = 9,

    /// <summary>A paginated answer is inconsistent (total changed, pages short) or needs more pages than allowed.</summary>
    Pagination = 10,
}
