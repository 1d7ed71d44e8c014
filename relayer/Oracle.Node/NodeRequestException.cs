using Grpc.Core;

namespace Oracle.Node;

/// <summary>
/// A request the node cannot answer with a proof or a verdict: bad input (400, naming the parameter), an unknown
/// feed (404), or a part behind the node that failed (502, 503, 504). The HTTP API answers
/// <c>{"error", "code", "parameter"?}</c> with <see cref="Status"/>; gRPC maps it to a status code.
/// </summary>
public sealed class NodeRequestException(int status, string code, string message, string? parameter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>A stable code: bad_request, unknown_feed, enclave_unavailable, enclave_job_failed, unverified_report,
    /// chain_unavailable, timeout, body_too_large, rate_limited.</summary>
    public string Code { get; } = code;

    /// <summary>The request parameter at fault (chainId, contract, feedId, proof, maxAge, registry), if one is.</summary>
    public string? Parameter { get; } = parameter;

    /// <summary>A 400 naming <paramref name="parameter"/>.</summary>
    public static NodeRequestException BadParameter(string parameter, string message) => new(400, "bad_request", $"{parameter}: {message}", parameter);

    /// <summary>The same failure as a gRPC status.</summary>
    public RpcException ToRpcException()
    {
        var code = Status switch
        {
            400 or 413 => StatusCode.InvalidArgument,
            404 => StatusCode.NotFound,
            429 => StatusCode.ResourceExhausted,
            503 => StatusCode.Unavailable,
            504 => StatusCode.DeadlineExceeded,
            _ => StatusCode.Internal,
        };
        return new RpcException(new Grpc.Core.Status(code, $"{Code}: {Message}"));
    }
}
