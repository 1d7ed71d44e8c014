namespace Oracle.Cosmos.Rpc;

/// <summary>Where a CometBFT node's RPC is and how much to trust its answers' size and timing.</summary>
/// <remarks>Checked by <see cref="CometRpcOptionsValidator"/>; <see cref="CometRpcClient"/> refuses options that fail it.</remarks>
public sealed class CometRpcOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "CometRpc";

    /// <summary>The node's RPC listen address, e.g. <c>http://127.0.0.1:26657</c>. JSON-RPC is POSTed to its path
    /// (CometBFT only answers JSON-RPC on <c>/</c>); the WebSocket is <c>{path}/websocket</c> with ws/wss.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The time allowed for one request, from sending to the last byte of the answer
    /// (and for a WebSocket connect plus subscribe).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest answer (HTTP body or WebSocket message) read, in bytes; reading stops past it.</summary>
    public long MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Validators asked for per page (CometBFT caps it at 100).</summary>
    public int ValidatorsPerPage { get; set; } = 100;

    /// <summary>The most pages one <see cref="CometRpcClient.ValidatorsAsync"/> call follows (bounds the loop).</summary>
    public int MaxValidatorPages { get; set; } = 100;

    /// <summary>How many times in a row a lost subscription is re-established before giving up with
    /// <see cref="CometRpcError.SubscriptionLost"/>; a delivered event resets the count. 0 disables reconnecting.</summary>
    public int ReconnectAttempts { get; set; } = 5;

    /// <summary>The pause before the first reconnect; it doubles on each further attempt up to <see cref="ReconnectBackoffMax"/>.</summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest pause between two reconnect attempts.</summary>
    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromSeconds(30);
}
