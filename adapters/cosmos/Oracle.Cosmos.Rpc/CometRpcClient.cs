using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Rpc;

/// <summary>A CometBFT 0.38 RPC client for one node: JSON-RPC 2.0 over HTTP POST, and event subscriptions over
/// <c>/websocket</c> (<see cref="SubscribeAsync"/>).</summary>
/// <remarks>
/// Thread-safe. Every failure is a <see cref="CometRpcException"/> whose <see cref="CometRpcException.Error"/> says
/// what failed and whose <see cref="CometRpcException.IsRetryable"/> says whether to try again; cancelling the
/// caller's token throws <see cref="OperationCanceledException"/>. Parameters go as CometBFT's JSON wants them:
/// 64-bit integers as decimal strings, <c>abci_query</c> data as hex, transactions as base64.
/// </remarks>
public sealed class CometRpcClient
{
    private readonly HttpClient _http;
    private readonly CometRpcOptions _options;
    private long _nextId;

    /// <summary>Creates a client.</summary>
    /// <param name="http">The HTTP client (its own Timeout should not be shorter than <see cref="CometRpcOptions.Timeout"/>).</param>
    /// <param name="options">Where the node is and the limits; checked by <see cref="CometRpcOptionsValidator"/>.</param>
    /// <exception cref="ArgumentException">The options fail validation; the message names every failing setting.</exception>
    public CometRpcClient(HttpClient http, CometRpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var failures = CometRpcOptionsValidator.Failures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid CometBFT RPC options: " + string.Join("; ", failures), nameof(options));
        }
        _http = http;
        _options = options;
        Endpoint = options.BaseUri!;
    }

    /// <summary>The node's RPC URL that JSON-RPC requests are POSTed to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The options in use.</summary>
    public CometRpcOptions Options => _options;

    /// <summary><c>status</c>: the node's identity, latest height and validator key.</summary>
    /// <exception cref="CometRpcException">Any failure (see <see cref="CometRpcError"/>).</exception>
    public Task<NodeStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        CallAsync("status", [], NodeStatus.Parse, cancellationToken);

    /// <summary><c>block</c> at <paramref name="height"/>, or the latest when null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is below 1.</exception>
    /// <exception cref="CometRpcException">Any failure; a height above the node's is an <see cref="CometRpcError.RpcError"/> (-32603).</exception>
    public Task<BlockResult> BlockAsync(long? height = null, CancellationToken cancellationToken = default) =>
        CallAsync("block", HeightParams(height), BlockResult.Parse, cancellationToken);

    /// <summary><c>commit</c>: the signed header at <paramref name="height"/>, or the latest when null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is below 1.</exception>
    /// <exception cref="CometRpcException">Any failure.</exception>
    public Task<CommitResult> CommitAsync(long? height = null, CancellationToken cancellationToken = default) =>
        CallAsync("commit", HeightParams(height), CommitResult.Parse, cancellationToken);

    /// <summary><c>block_results</c>: FinalizeBlock's results at <paramref name="height"/>, or the latest when null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is below 1.</exception>
    /// <exception cref="CometRpcException">Any failure.</exception>
    public Task<BlockResults> BlockResultsAsync(long? height = null, CancellationToken cancellationToken = default) =>
        CallAsync("block_results", HeightParams(height), BlockResults.Parse, cancellationToken);

    /// <summary>
    /// <c>validators</c> at <paramref name="height"/> (the latest when null), following every page until the
    /// node's <c>total</c>, <see cref="CometRpcOptions.ValidatorsPerPage"/> at a time.
    /// </summary>
    /// <remarks>Later pages ask for the height the first page answered, so a latest-height call cannot mix two sets.
    /// At most <see cref="CometRpcOptions.MaxValidatorPages"/> pages are fetched.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is below 1.</exception>
    /// <exception cref="CometRpcException"><see cref="CometRpcError.Pagination"/> when pages disagree on the height or
    /// total, fall short, or would exceed the page bound; any other failure of a page.</exception>
    public async Task<ValidatorSet> ValidatorsAsync(long? height = null, CancellationToken cancellationToken = default)
    {
        const string method = "validators";
        var perPage = _options.ValidatorsPerPage;
        var first = await CallAsync(method, ValidatorParams(height, 1, perPage), ValidatorsPage.Parse, cancellationToken).ConfigureAwait(false);
        var total = first.Total;
        var pages = total == 0 ? 1 : (total - 1) / perPage + 1;
        if (pages > _options.MaxValidatorPages)
        {
            throw PaginationError($"total {total} needs {pages} pages of {perPage}, more than CometRpc:MaxValidatorPages {_options.MaxValidatorPages}");
        }
        var validators = new List<Validator>((int)Math.Min(total, 10_000));
        validators.AddRange(first.Validators);
        for (var page = 2; page <= pages; page++)
        {
            var next = await CallAsync(method, ValidatorParams(first.BlockHeight, page, perPage), ValidatorsPage.Parse, cancellationToken).ConfigureAwait(false);
            if (next.BlockHeight != first.BlockHeight || next.Total != total)
            {
                throw PaginationError($"page {page} is for height {next.BlockHeight} with total {next.Total}, page 1 for height {first.BlockHeight} with total {total}");
            }
            if (next.Validators.Count == 0)
            {
                throw PaginationError($"page {page} of {pages} is empty");
            }
            validators.AddRange(next.Validators);
        }
        if (validators.Count != total)
        {
            throw PaginationError($"{pages} pages gave {validators.Count} validators, the node's total is {total}");
        }
        return new ValidatorSet(first.BlockHeight, validators);

        CometRpcException PaginationError(string detail) =>
            new(CometRpcError.Pagination, $"{method} to {Endpoint}: {detail}") { Method = method, Endpoint = Endpoint };
    }

    /// <summary><c>tx_search</c>: one page of transactions matching <paramref name="query"/> (e.g. <c>tx.height=5</c>,
    /// <c>message.sender='cosmos1...'</c>).</summary>
    /// <param name="query">The event query.</param>
    /// <param name="prove">Whether to include inclusion proofs.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Results per page, 1 to 100.</param>
    /// <param name="orderBy">Oldest or newest first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">An empty query, a page below 1 or a page size outside 1 to 100.</exception>
    /// <exception cref="CometRpcException">Any failure (an index that is off is an <see cref="CometRpcError.RpcError"/>).</exception>
    public Task<TxSearchResult> TxSearchAsync(string query, bool prove = false, int page = 1, int perPage = 30,
        TxOrder orderBy = TxOrder.Ascending, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perPage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perPage, 100);
        var parameters = new JsonObject
        {
            ["query"] = query,
            ["prove"] = prove,
            ["page"] = Decimal(page),
            ["per_page"] = Decimal(perPage),
            ["order_by"] = orderBy == TxOrder.Ascending ? "asc" : "desc",
        };
        return CallAsync("tx_search", parameters, TxSearchResult.Parse, cancellationToken);
    }

    /// <summary><c>abci_query</c>: asks the application for <paramref name="data"/> under <paramref name="path"/>
    /// (e.g. path <c>store/ibc/key</c>, data the store key), with the Merkle proof ops when <paramref name="prove"/>.</summary>
    /// <param name="path">The query path.</param>
    /// <param name="data">The query data (sent as hex).</param>
    /// <param name="height">The height to query, or the latest when null.</param>
    /// <param name="prove">Whether to return proof ops.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <remarks>An application-level failure is not an exception: check <see cref="AbciQueryResult.Code"/>.</remarks>
    /// <exception cref="ArgumentException">An empty path or a height below 1.</exception>
    /// <exception cref="CometRpcException">Any failure of the call itself.</exception>
    public Task<AbciQueryResult> AbciQueryAsync(string path, ReadOnlyMemory<byte> data, long? height = null, bool prove = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var parameters = new JsonObject
        {
            ["path"] = path,
            ["data"] = Convert.ToHexString(data.Span),
            ["prove"] = prove,
        };
        if (height is { } h)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(h, 1, nameof(height));
            parameters["height"] = Decimal(h);
        }
        return CallAsync("abci_query", parameters, AbciQueryResult.Parse, cancellationToken);
    }

    /// <summary><c>broadcast_tx_sync</c>: hands a signed transaction to the node's mempool and returns CheckTx's verdict.</summary>
    /// <param name="tx">The encoded transaction (sent as base64).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <remarks>A refused transaction is not an exception: check <see cref="BroadcastTxResult.Code"/> and
    /// <see cref="BroadcastTxResult.Codespace"/>. A timeout does not mean the node did not take it.</remarks>
    /// <exception cref="ArgumentException">An empty transaction.</exception>
    /// <exception cref="CometRpcException">Any failure of the call itself (an already-known transaction is an RpcError);
    /// <see cref="CometRpcError.MalformedResponse"/> when the hash is not SHA-256 of <paramref name="tx"/>.</exception>
    public async Task<BroadcastTxResult> BroadcastTxSyncAsync(ReadOnlyMemory<byte> tx, CancellationToken cancellationToken = default)
    {
        const string method = "broadcast_tx_sync";
        if (tx.IsEmpty)
        {
            throw new ArgumentException("The transaction is empty.", nameof(tx));
        }
        var result = await CallAsync(method, new JsonObject { ["tx"] = Convert.ToBase64String(tx.Span) }, BroadcastTxResult.Parse, cancellationToken).ConfigureAwait(false);
        if (!result.Hash.AsSpan().SequenceEqual(SHA256.HashData(tx.Span)))
        {
            throw new CometRpcException(CometRpcError.MalformedResponse,
                $"{method} to {Endpoint}: result.hash {Convert.ToHexString(result.Hash)} is not SHA-256 of the transaction sent")
            { Method = method, Endpoint = Endpoint, Field = "result.hash" };
        }
        return result;
    }

    /// <summary>Opens <c>/websocket</c> and subscribes to <paramref name="query"/> (e.g. <c>tm.event='NewBlock'</c>);
    /// enumerate the returned subscription for events.</summary>
    /// <exception cref="ArgumentException">An empty query.</exception>
    /// <exception cref="CometRpcException">The connection or the subscribe call failed (no retry at this point).</exception>
    public Task<CometSubscription> SubscribeAsync(string query, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        return CometSubscription.OpenAsync(_options, query, cancellationToken);
    }

    /// <summary>Calls any method with named parameters and returns its raw <c>result</c> (a clone, safe to keep).</summary>
    /// <exception cref="CometRpcException">Any failure.</exception>
    public Task<JsonElement> CallRawAsync(string method, JsonObject parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(parameters);
        return CallAsync(method, parameters, (result, _) => result.Clone(), cancellationToken);
    }

    private async Task<T> CallAsync<T>(string method, JsonObject parameters, Func<JsonElement, string, T> parse, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var body = JsonRpcEnvelope.Request(id, method, parameters);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        byte[] answer;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await HttpStatusErrorAsync(method, response, timeout.Token).ConfigureAwait(false);
            }
            answer = await ReadBoundedAsync(method, response.Content, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Error(CometRpcError.Timeout, method, $"no complete answer within {_options.Timeout.TotalSeconds:0.###} s (CometRpc:Timeout)", e);
        }
        catch (OperationCanceledException e) when (e.CancellationToken != cancellationToken)
        {
            throw new OperationCanceledException($"{method} to {Endpoint} cancelled", e, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw Error(CometRpcError.Transport, method, $"endpoint unreachable or connection lost: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw Error(CometRpcError.Transport, method, $"connection lost while reading the answer: {e.Message}", e);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer);
        }
        catch (JsonException e)
        {
            throw Error(CometRpcError.MalformedJson, method, $"the answer is not JSON ({e.Message})", e);
        }
        using (document)
        {
            var result = JsonRpcEnvelope.Result(document.RootElement, id, method, Endpoint);
            return JsonRpcEnvelope.Parse(result, parse, method, Endpoint);
        }
    }

    private async Task<CometRpcException> HttpStatusErrorAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        (int? Code, string Message, string? Data)? rpc = null;
        try
        {
            var body = await ReadBoundedAsync(method, response.Content, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            rpc = JsonRpcEnvelope.Error(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or CometRpcException or HttpRequestException or IOException)
        {
            // The status is the error; a body that is not a JSON-RPC error (an HTML 404 page, a huge body) adds nothing.
        }
        var detail = $"HTTP {status} {response.ReasonPhrase}" + (rpc is { } r ? $" with {JsonRpcEnvelope.Describe(r)}" : "");
        return new CometRpcException(CometRpcError.HttpStatus, $"{method} to {Endpoint} failed: {detail}")
        {
            Method = method,
            Endpoint = Endpoint,
            HttpStatus = response.StatusCode,
            RpcCode = rpc?.Code,
            RpcMessage = rpc?.Message,
            RpcData = rpc?.Data,
        };
    }

    /// <summary>Reads a body of at most <see cref="CometRpcOptions.MaxResponseBytes"/>: refused from its Content-Length
    /// when that says more, and reading stops as soon as the count passes the limit otherwise.</summary>
    private async Task<byte[]> ReadBoundedAsync(string method, HttpContent content, CancellationToken cancellationToken)
    {
        var max = _options.MaxResponseBytes;
        if (content.Headers.ContentLength is { } length && length > max)
        {
            throw Error(CometRpcError.ResponseTooLarge, method, $"the answer announces {length} bytes, over CometRpc:MaxResponseBytes {max}; not read");
        }
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > max)
                    {
                        throw Error(CometRpcError.ResponseTooLarge, method, $"the answer passed CometRpc:MaxResponseBytes {max}; reading stopped");
                    }
                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            return buffer.ToArray();
        }
    }

    private static JsonObject HeightParams(long? height)
    {
        var parameters = new JsonObject();
        if (height is { } h)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(h, 1, nameof(height));
            parameters["height"] = Decimal(h);
        }
        return parameters;
    }

    private static JsonObject ValidatorParams(long? height, int page, int perPage)
    {
        var parameters = HeightParams(height);
        parameters["page"] = Decimal(page);
        parameters["per_page"] = Decimal(perPage);
        return parameters;
    }

    private static string Decimal(long value) => value.ToString(CultureInfo.InvariantCulture);

    private CometRpcException Error(CometRpcError error, string method, string detail, Exception? inner = null) =>
        new(error, $"{method} to {Endpoint} failed: {detail}", inner) { Method = method, Endpoint = Endpoint };
}
