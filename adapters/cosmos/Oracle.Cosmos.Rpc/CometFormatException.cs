namespace Oracle.Cosmos.Rpc;

/// <summary>A field of a node's answer is missing or ill-typed; the client turns it into
/// <see cref="CometRpcError.MalformedResponse"/> with the method and endpoint.</summary>
internal sealed class CometFormatException(string field, string detail) : Exception($"{field}: {detail}")
{
    /// <summary>The JSON path of the field.</summary>
    public string Field { get; } = field;
}
