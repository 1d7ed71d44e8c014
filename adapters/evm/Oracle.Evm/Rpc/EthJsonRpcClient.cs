using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Evm;

/// <summary>An Ethereum JSON-RPC client over HTTP for one endpoint.</summary>
/// <remarks>Thread-safe. Every failure is an <see cref="EvmException"/> whose message names the method and the
/// endpoint; a revert carries the decoded reason (<see cref="EvmException.Revert"/>).</remarks>
public sealed class EthJsonRpcClient
{
    private readonly HttpClient _http;
    private readonly RevertDecoder _revertDecoder;
    private long _nextId;

    /// <summary>Creates a client for one endpoint.</summary>
    /// <param name="http">The HTTP client (its Timeout bounds each request).</param>
    /// <param name="endpoint">The JSON-RPC URL.</param>
    /// <param name="revertDecoder">Custom errors of the contracts called, for decoding reverts; Error/Panic only when null.</param>
    public EthJsonRpcClient(HttpClient http, Uri endpoint, RevertDecoder? revertDecoder = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        Endpoint = endpoint;
        _revertDecoder = revertDecoder ?? RevertDecoder.Default;
    }

    /// <summary>The endpoint this client talks to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The decoder used for revert data.</summary>
    public RevertDecoder RevertDecoder => _revertDecoder;

    /// <summary>Calls a method and deserialises its result with System.Text.Json (use <see cref="JsonElement"/> for raw access).</summary>
    /// <exception cref="EvmException">Transport, timeout, JSON-RPC error or an answer that does not deserialise.</exception>
    public async Task<T> SendAsync<T>(string method, object?[] parameters, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync(method, JsonSerializer.SerializeToNode(parameters)!.AsArray(), cancellationToken).ConfigureAwait(false);
        return Parse(method, () => result.Deserialize<T>()!);
    }

    /// <summary><c>eth_chainId</c>.</summary>
    public async Task<BigInteger> ChainIdAsync(CancellationToken cancellationToken = default) =>
        await QuantityAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false);

    /// <summary><c>eth_blockNumber</c>.</summary>
    public async Task<ulong> BlockNumberAsync(CancellationToken cancellationToken = default) =>
        RpcJson.ToU64(await QuantityAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false), "result");

    /// <summary><c>eth_getBlockByNumber</c> without transaction bodies; null when the block does not exist.</summary>
    /// <param name="block">A <see cref="BlockTag"/> or <see cref="BlockTag.Number"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<BlockHeader?> GetBlockAsync(string block, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync("eth_getBlockByNumber", [block, false], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : Parse("eth_getBlockByNumber", () => BlockHeader.FromJson(result));
    }

    /// <summary><c>eth_getBlockByNumber</c> for a block number.</summary>
    public Task<BlockHeader?> GetBlockAsync(ulong number, CancellationToken cancellationToken = default) =>
        GetBlockAsync(BlockTag.Number(number), cancellationToken);

    /// <summary><c>eth_getTransactionCount</c>: the next nonce of an account at <paramref name="block"/>
    /// (<see cref="BlockTag.Pending"/> counts the node's pending transactions).</summary>
    public async Task<ulong> GetTransactionCountAsync(EthAddress address, string block = BlockTag.Pending, CancellationToken cancellationToken = default) =>
        RpcJson.ToU64(await QuantityAsync("eth_getTransactionCount", [address.ToLowerHex(), block], cancellationToken).ConfigureAwait(false), "result");

    /// <summary><c>eth_getBalance</c> in wei.</summary>
    public Task<BigInteger> GetBalanceAsync(EthAddress address, string block = BlockTag.Latest, CancellationToken cancellationToken = default) =>
        QuantityAsync("eth_getBalance", [address.ToLowerHex(), block], cancellationToken);

    /// <summary><c>eth_getCode</c>: the runtime code of an account (empty for an EOA).</summary>
    public async Task<byte[]> GetCodeAsync(EthAddress address, string block = BlockTag.Latest, CancellationToken cancellationToken = default) =>
        await BytesAsync("eth_getCode", [address.ToLowerHex(), block], cancellationToken).ConfigureAwait(false);

    /// <summary><c>eth_feeHistory</c> over <paramref name="blockCount"/> blocks up to <paramref name="newestBlock"/>,
    /// with the tips at the given percentiles.</summary>
    public async Task<FeeHistory> FeeHistoryAsync(int blockCount, string newestBlock, IReadOnlyList<double> rewardPercentiles, CancellationToken cancellationToken = default)
    {
        var percentiles = new JsonArray([.. rewardPercentiles.Select(p => JsonValue.Create(p))]);
        var result = await SendRawAsync("eth_feeHistory", [Hex.EncodeQuantity(blockCount), newestBlock, percentiles], cancellationToken).ConfigureAwait(false);
        return Parse("eth_feeHistory", () => FeeHistory.FromJson(result));
    }

    /// <summary><c>eth_maxPriorityFeePerGas</c>: the node's suggested tip in wei.</summary>
    public Task<BigInteger> MaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        QuantityAsync("eth_maxPriorityFeePerGas", [], cancellationToken);

    /// <summary><c>eth_sendRawTransaction</c>; returns the transaction hash.</summary>
    /// <exception cref="EvmException">With <see cref="EvmErrorKind.NonceTooLow"/>, <see cref="EvmErrorKind.Underpriced"/>,
    /// <see cref="EvmErrorKind.AlreadyKnown"/>, ... when the node refuses it.</exception>
    public async Task<string> SendRawTransactionAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync("eth_sendRawTransaction", [Hex.Encode(rawTransaction.Span)], cancellationToken).ConfigureAwait(false);
        return Parse("eth_sendRawTransaction", () => (result.GetString() ?? throw new FormatException("result is not a string")).ToLowerInvariant());
    }

    /// <summary><c>eth_getTransactionReceipt</c>; null while the transaction is not mined.</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(string transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync("eth_getTransactionReceipt", [transactionHash], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : Parse("eth_getTransactionReceipt", () => TransactionReceipt.FromJson(result));
    }

    /// <summary><c>eth_getTransactionByHash</c>; null when the node does not know it.</summary>
    public async Task<TransactionInfo?> GetTransactionByHashAsync(string transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync("eth_getTransactionByHash", [transactionHash], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : Parse("eth_getTransactionByHash", () => TransactionInfo.FromJson(result));
    }

    /// <summary><c>eth_call</c>: executes without a transaction and returns the return data.</summary>
    /// <exception cref="EvmException"><see cref="EvmErrorKind.Reverted"/> with <see cref="EvmException.Revert"/> set when execution reverts.</exception>
    public Task<byte[]> CallAsync(CallRequest call, string block = BlockTag.Latest, CancellationToken cancellationToken = default) =>
        BytesAsync("eth_call", [call.ToJson(), block], cancellationToken);

    /// <summary><c>eth_estimateGas</c>.</summary>
    /// <exception cref="EvmException"><see cref="EvmErrorKind.Reverted"/> when execution reverts.</exception>
    public async Task<ulong> EstimateGasAsync(CallRequest call, string block = BlockTag.Latest, CancellationToken cancellationToken = default) =>
        RpcJson.ToU64(await QuantityAsync("eth_estimateGas", [call.ToJson(), block], cancellationToken).ConfigureAwait(false), "result");

    /// <summary><c>eth_getLogs</c>.</summary>
    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync("eth_getLogs", [filter.ToJson()], cancellationToken).ConfigureAwait(false);
        return Parse("eth_getLogs", () => result.EnumerateArray().Select(LogEntry.FromJson).ToList());
    }

    /// <summary>Calls a method with JSON parameters and returns the raw <c>result</c>.</summary>
    /// <exception cref="EvmException">Transport, timeout or JSON-RPC error.</exception>
    public async Task<JsonElement> SendRawAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(Endpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Error(EvmErrorKind.Transport, method, $"endpoint unreachable: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Error(EvmErrorKind.Timeout, method, $"no answer within {_http.Timeout.TotalSeconds:0.#} s", e);
        }
        using (response)
        {
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw Error(EvmErrorKind.Transport, method, $"connection lost while reading the answer: {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw Error(EvmErrorKind.Timeout, method, $"answer not complete within {_http.Timeout.TotalSeconds:0.#} s", e);
            }
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw Error(EvmErrorKind.RateLimited, method, "HTTP 429 Too Many Requests");
            }
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(body).RootElement;
            }
            catch (JsonException)
            {
                var kind = response.IsSuccessStatusCode ? EvmErrorKind.InvalidResponse : EvmErrorKind.Transport;
                throw Error(kind, method, $"HTTP {(int)response.StatusCode} with a body that is not JSON: {Shorten(body)}");
            }
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                throw RpcError(method, error);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw Error(EvmErrorKind.Transport, method, $"HTTP {(int)response.StatusCode}: {Shorten(body)}");
            }
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("result", out var result))
            {
                throw Error(EvmErrorKind.InvalidResponse, method, $"answer has neither result nor error: {Shorten(body)}");
            }
            return result.Clone();
        }
    }

    private EvmException RpcError(string method, JsonElement error)
    {
        var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : (int?)null;
        var message = error.TryGetProperty("message", out var m) ? m.ToString() : "";
        var revertData = RevertData(error);
        var lower = message.ToLowerInvariant();
        var kind = code == 3 || revertData is not null || lower.Contains("revert") ? EvmErrorKind.Reverted
            : lower.Contains("nonce too low") || lower.Contains("nonce has already been used") || lower.Contains("noncetoolow") ? EvmErrorKind.NonceTooLow
            : lower.Contains("nonce too high") ? EvmErrorKind.NonceTooHigh
            : lower.Contains("already known") || lower.Contains("known transaction") || lower.Contains("already imported") ? EvmErrorKind.AlreadyKnown
            : lower.Contains("underpriced") || lower.Contains("fee too low") || lower.Contains("less than block base fee") || lower.Contains("feecap") && lower.Contains("too low") ? EvmErrorKind.Underpriced
            : lower.Contains("insufficient funds") ? EvmErrorKind.InsufficientFunds
            : lower.Contains("intrinsic gas") || lower.Contains("gas limit") || lower.Contains("out of gas") ? EvmErrorKind.GasLimit
            : code is 429 or -32005 || lower.Contains("rate limit") ? EvmErrorKind.RateLimited
            : EvmErrorKind.Rpc;
        if (kind == EvmErrorKind.Reverted)
        {
            var revert = _revertDecoder.Decode(revertData ?? []);
            var reason = revertData is null ? message : revert.ToString();
            return new EvmException(kind, $"{method} to {Endpoint} reverted: {reason}")
            {
                Method = method,
                Endpoint = Endpoint,
                RpcCode = code,
                Revert = revert,
            };
        }
        return new EvmException(kind, $"{method} to {Endpoint} failed: {message} (JSON-RPC code {code?.ToString() ?? "none"})")
        {
            Method = method,
            Endpoint = Endpoint,
            RpcCode = code,
        };
    }

    private static byte[]? RevertData(JsonElement error)
    {
        if (!error.TryGetProperty("data", out var data))
        {
            return null;
        }
        // anvil and geth: a hex string; some providers: {"data": "0x..."} or {"originalError": {"data": ...}}.
        if (data.ValueKind == JsonValueKind.Object)
        {
            if (data.TryGetProperty("data", out var inner))
            {
                data = inner;
            }
            else if (data.TryGetProperty("originalError", out var original) && original.TryGetProperty("data", out var originalData))
            {
                data = originalData;
            }
        }
        if (data.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var text = data.GetString()!;
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            return Hex.Decode(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task<BigInteger> QuantityAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var result = await SendRawAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        return Parse(method, () => RpcJson.QuantityOf(result, "result"));
    }

    private async Task<byte[]> BytesAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var result = await SendRawAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        return Parse(method, () => RpcJson.BytesOf(result, "result"));
    }

    private T Parse<T>(string method, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw Error(EvmErrorKind.InvalidResponse, method, $"malformed answer: {e.Message}", e);
        }
    }

    private EvmException Error(EvmErrorKind kind, string method, string detail, Exception? inner = null) =>
        new(kind, $"{method} to {Endpoint} failed: {detail}", inner) { Method = method, Endpoint = Endpoint };

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
