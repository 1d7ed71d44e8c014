using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>Bad answers from the node, each a typed <see cref="CometRpcException"/> with its kind and retry verdict.</summary>
public sealed class CometRpcErrorTests : IDisposable
{
    private readonly CometNodeStub _node = new();

    public void Dispose() => _node.Dispose();

    /// <summary>Rows: a valid status answer with one thing changed. "{id}" is the request's id; status 200 echoes it.</summary>
    public static TheoryData<string, int, string, CometRpcError, bool, int?> Envelopes => new()
    {
        { "invalid params (-32602)", 200, """{"jsonrpc":"2.0","id":{id},"error":{"code":-32602,"message":"Invalid params","data":"error converting json params to arguments: invalid 64-bit integer encoding \"5\", expected string"}}""", CometRpcError.RpcError, false, -32602 },
        { "height not reached (-32603)", 200, """{"jsonrpc":"2.0","id":{id},"error":{"code":-32603,"message":"Internal error","data":"height 100 must be less than or equal to the current blockchain height 42"}}""", CometRpcError.RpcError, true, -32603 },
        { "method not found (-32601)", 200, """{"jsonrpc":"2.0","id":{id},"error":{"code":-32601,"message":"Method not found"}}""", CometRpcError.RpcError, false, -32601 },
        { "HTTP 500 with a parse error and no id", 500, """{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error. Invalid JSON","data":"error unmarshaling request"}}""", CometRpcError.HttpStatus, true, -32700 },
        { "HTTP 404 page", 404, "404 page not found\n", CometRpcError.HttpStatus, false, null },
        { "HTTP 503 from a proxy", 503, "<html><body>upstream unavailable</body></html>", CometRpcError.HttpStatus, true, null },
        { "HTTP 429 from a proxy", 429, "slow down", CometRpcError.HttpStatus, true, null },
        { "truncated JSON", 200, """{"jsonrpc":"2.0","id":{id},"result":{"node_info":{"protocol_version":{"p2p":"8",""", CometRpcError.MalformedJson, false, null },
        { "HTML instead of JSON", 200, "<html>maintenance</html>", CometRpcError.MalformedJson, false, null },
        { "wrong id", 200, """{"jsonrpc":"2.0","id":{id+1},"result":{}}""", CometRpcError.IdMismatch, false, null },
        { "id as a string", 200, """{"jsonrpc":"2.0","id":"{id}","result":{}}""", CometRpcError.IdMismatch, false, null },
        { "missing id", 200, """{"jsonrpc":"2.0","result":{}}""", CometRpcError.IdMismatch, false, null },
        { "neither result nor error", 200, """{"jsonrpc":"2.0","id":{id}}""", CometRpcError.MalformedResponse, false, null },
        { "jsonrpc 1.0", 200, """{"jsonrpc":"1.0","id":{id},"result":{}}""", CometRpcError.MalformedResponse, false, null },
        { "error that is a string", 200, """{"jsonrpc":"2.0","id":{id},"error":"boom"}""", CometRpcError.MalformedResponse, false, null },
        { "an array instead of an object", 200, """[{"jsonrpc":"2.0","id":{id},"result":{}}]""", CometRpcError.MalformedResponse, false, null },
    };

    [Theory]
    [MemberData(nameof(Envelopes))]
    public async Task StatusAsync_ThrowsTypedError_WhenTheEnvelopeIsBad(string name, int status, string body, CometRpcError expected, bool retryable, int? rpcCode)
    {
        if (status == 200)
        {
            _node.On("status", request =>
            {
                var id = request["id"]!.GetValue<long>();
                return body.Replace("{id+1}", (id + 1).ToString(CultureInfo.InvariantCulture)).Replace("{id}", id.ToString(CultureInfo.InvariantCulture));
            });
        }
        else
        {
            _node.RespondRaw(status, body);
        }

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client().StatusAsync());

        Assert.True(expected == e.Error, $"{name}: expected {expected}, got {e.Error}: {e.Message}");
        Assert.Equal(retryable, e.IsRetryable);
        Assert.Equal(rpcCode, e.RpcCode);
        Assert.Equal("status", e.Method);
        Assert.Equal(status == 200 ? null : (HttpStatusCode)status, e.HttpStatus);
    }

    [Fact]
    public async Task RpcError_KeepsCodeMessageAndData()
    {
        _node.On("block", r => CometNodeStub.ErrorEnvelope(r["id"]!.ToJsonString(), -32603, "Internal error",
            "height 100 must be less than or equal to the current blockchain height 42"));

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client().BlockAsync(100));

        Assert.Equal(CometRpcError.RpcError, e.Error);
        Assert.Equal(-32603, e.RpcCode);
        Assert.Equal("Internal error", e.RpcMessage);
        Assert.Equal("height 100 must be less than or equal to the current blockchain height 42", e.RpcData);
        Assert.Contains("current blockchain height 42", e.Message);
    }

    /// <summary>Rows: one field of a valid answer removed (null) or replaced, and the field path the error must name.</summary>
    public static TheoryData<string, string, string, string?, string> Fields => new()
    {
        { "status", "status", "sync_info.latest_block_height", null, "result.sync_info.latest_block_height" },
        { "status", "status", "sync_info.latest_block_height", "\"12a\"", "result.sync_info.latest_block_height" },
        { "status", "status", "sync_info.latest_block_height", "42", "result.sync_info.latest_block_height" },
        { "status", "status", "sync_info.latest_block_height", "\"-1\"", "result.sync_info.latest_block_height" },
        { "status", "status", "sync_info.latest_block_height", "\"99999999999999999999\"", "result.sync_info.latest_block_height" },
        { "status", "status", "sync_info.latest_block_height", "\" 42\"", "result.sync_info.latest_block_height" },
        { "status", "status", "sync_info.latest_block_height", "\"+42\"", "result.sync_info.latest_block_height" },
        { "status", "status", "validator_info.voting_power", "\"-5\"", "result.validator_info.voting_power" },
        { "status", "status", "node_info", null, "result.node_info" },
        { "status", "status", "node_info.protocol_version.p2p", "\"-8\"", "result.node_info.protocol_version.p2p" },
        { "status", "status", "sync_info.latest_block_time", "\"yesterday\"", "result.sync_info.latest_block_time" },
        { "status", "status", "sync_info.latest_block_time", "\"2024-05-01T12:00:41.1234567891Z\"", "result.sync_info.latest_block_time" },
        { "status", "status", "sync_info.latest_block_hash", "\"XYZ1\"", "result.sync_info.latest_block_hash" },
        { "status", "status", "sync_info.catching_up", "\"false\"", "result.sync_info.catching_up" },
        { "status", "status", "validator_info.pub_key.value", "\"AAAA\"", "result.validator_info.pub_key.value" },
        { "status", "status", "validator_info.pub_key", "null", "result.validator_info.pub_key" },
        { "block", "block", "block.header.height", "\"0\"", "result.block.header.height" },
        { "block", "block", "block.header.chain_id", null, "result.block.header.chain_id" },
        { "block", "block", "block.header.time", "1714564841", "result.block.header.time" },
        { "block", "block", "block.data.txs[1]", "\"%%%\"", "result.block.data.txs[1]" },
        { "block", "block", "block.last_commit.signatures[0].block_id_flag", "7", "result.block.last_commit.signatures[0].block_id_flag" },
        { "block", "block", "block.last_commit.round", "\"0\"", "result.block.last_commit.round" },
        { "block", "block", "block_id.parts.total", "\"1\"", "result.block_id.parts.total" },
        { "commit", "commit", "canonical", null, "result.canonical" },
        { "block_results", "block_results", "txs_results[0].gas_used", "\"81k\"", "result.txs_results[0].gas_used" },
        { "block_results", "block_results", "txs_results[1].code", "\"5\"", "result.txs_results[1].code" },
        { "block_results", "block_results", "finalize_block_events[0].attributes[0].value", "42", "result.finalize_block_events[0].attributes[0].value" },
        { "block_results", "block_results", "validator_updates[0].pub_key.Sum.type", "\"tendermint.crypto.PublicKey_Rsa\"", "result.validator_updates[0].pub_key.Sum.type" },
        { "block_results", "block_results", "app_hash", "\"not base64!\"", "result.app_hash" },
        { "tx_search", "tx_search", "total_count", "7", "result.total_count" },
        { "tx_search", "tx_search", "txs[1].height", "\"-42\"", "result.txs[1].height" },
        { "abci_query", "abci_query", "response.proof_ops.ops[1].data", "\"!!\"", "result.response.proof_ops.ops[1].data" },
        { "abci_query", "abci_query", "response.height", "41", "result.response.height" },
        { "abci_query", "abci_query", "response", null, "result.response" },
        { "broadcast_tx_sync", "broadcast_tx_sync", "hash", "\"ABCD\"", "result.hash" },
        { "broadcast_tx_sync", "broadcast_tx_sync", "code", "\"0\"", "result.code" },
        { "broadcast_tx_sync", "broadcast_tx_sync", "log", null, "result.log" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Parse_ThrowsMalformedResponseNamingTheField_WhenOneFieldIsMissingOrIllTyped(string method, string fixture, string path, string? value, string field)
    {
        var result = Fixture.Object(fixture);
        Mutate(result, path, value);
        _node.OnResult(method, _ => result.ToJsonString());
        var client = _node.Client();

        var e = await Assert.ThrowsAsync<CometRpcException>(() => method switch
        {
            "status" => client.StatusAsync(),
            "block" => client.BlockAsync(42),
            "commit" => client.CommitAsync(42),
            "block_results" => client.BlockResultsAsync(42),
            "tx_search" => client.TxSearchAsync("tx.height=42"),
            "abci_query" => client.AbciQueryAsync("store/ibc/key", new byte[] { 1 }),
            "broadcast_tx_sync" => client.BroadcastTxSyncAsync(new byte[] { 1 }),
            _ => throw new ArgumentException(method),
        });

        Assert.True(CometRpcError.MalformedResponse == e.Error, e.Message);
        Assert.Equal(field, e.Field);
        Assert.Contains(field, e.Message);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task StatusAsync_ThrowsResponseTooLarge_WhenTheBodyIsOverTheLimit()
    {
        // 1 MiB of valid JSON against a 64 KiB limit: refused from its Content-Length, before the body is read.
        var big = CometNodeStub.Envelope("1", $"{{\"pad\":\"{new string('a', 1024 * 1024)}\"}}");
        _node.RespondRaw(200, big);

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client(o => o.MaxResponseBytes = 64 * 1024).StatusAsync());

        Assert.Equal(CometRpcError.ResponseTooLarge, e.Error);
        Assert.Contains("MaxResponseBytes", e.Message);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task StatusAsync_ThrowsTimeout_WhenTheServerStalls()
    {
        _node.RespondRaw(200, CometNodeStub.Envelope("1", "{}"), delay: TimeSpan.FromSeconds(3));
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client(o => o.Timeout = TimeSpan.FromMilliseconds(300)).StatusAsync());

        Assert.Equal(CometRpcError.Timeout, e.Error);
        Assert.True(e.IsRetryable);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task StatusAsync_ThrowsTransport_WhenNothingListens()
    {
        var port = CometNodeStub.FreePort();
        var client = new CometRpcClient(new HttpClient(), new CometRpcOptions { BaseUri = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) });

        var e = await Assert.ThrowsAsync<CometRpcException>(() => client.StatusAsync());

        Assert.Equal(CometRpcError.Transport, e.Error);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task StatusAsync_ThrowsOperationCanceled_WhenTheCallerCancels()
    {
        _node.RespondRaw(200, CometNodeStub.Envelope("1", "{}"), delay: TimeSpan.FromSeconds(3));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _node.Client().StatusAsync(cancel.Token));

        Assert.Equal(cancel.Token, e.CancellationToken);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    /// <summary>Sets (or removes, when <paramref name="value"/> is null) the value at a dotted path with [i] indexes.</summary>
    private static void Mutate(JsonObject root, string path, string? value)
    {
        JsonNode parent = root;
        var steps = path.Split('.');
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            int? index = null;
            var bracket = step.IndexOf('[');
            if (bracket >= 0)
            {
                index = int.Parse(step[(bracket + 1)..^1], CultureInfo.InvariantCulture);
                step = step[..bracket];
            }
            var last = i == steps.Length - 1;
            if (index is { } n)
            {
                var array = parent[step]!.AsArray();
                if (last)
                {
                    array[n] = value is null ? null : JsonNode.Parse(value);
                    return;
                }
                parent = array[n]!;
            }
            else if (last)
            {
                var obj = parent.AsObject();
                if (value is null)
                {
                    Assert.True(obj.Remove(step), $"no {path} to remove");
                }
                else
                {
                    obj[step] = JsonNode.Parse(value);
                }
            }
            else
            {
                parent = parent[step]!;
            }
        }
    }
}
