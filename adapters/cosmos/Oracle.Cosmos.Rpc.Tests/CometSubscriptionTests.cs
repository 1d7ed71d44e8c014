using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>Subscriptions over a real loopback WebSocket (Kestrel) scripted like a CometBFT 0.38 node's <c>/websocket</c>.</summary>
public sealed class CometSubscriptionTests
{
    private const string NewBlocks = "tm.event='NewBlock'";
    private const string Txs = "tm.event='Tx'";

    /// <summary>A NewBlock event as the node pushes it: the subscribe request's id, ResultEvent with Amino-typed data.</summary>
    private static string NewBlockEvent(string id, int height)
    {
        var fixture = Fixture.Object("block");
        var block = fixture["block"]!.DeepClone().AsObject();
        block["header"]!["height"] = height.ToString(CultureInfo.InvariantCulture);
        var result = new JsonObject
        {
            ["query"] = NewBlocks,
            ["data"] = new JsonObject
            {
                ["type"] = "tendermint/event/NewBlock",
                ["value"] = new JsonObject
                {
                    ["block"] = block,
                    ["block_id"] = fixture["block_id"]!.DeepClone(),
                    ["result_finalize_block"] = new JsonObject
                    {
                        ["events"] = new JsonArray(new JsonObject
                        {
                            ["type"] = "mint",
                            ["attributes"] = new JsonArray(new JsonObject { ["key"] = "amount", ["value"] = "1000", ["index"] = true }),
                        }),
                        ["validator_updates"] = null,
                        ["app_hash"] = Convert.ToBase64String(SHA256.HashData("app"u8)),
                    },
                },
            },
            ["events"] = new JsonObject
            {
                ["tm.event"] = new JsonArray("NewBlock"),
                ["mint.amount"] = new JsonArray("1000"),
            },
        };
        return CometNodeStub.Envelope(id, result.ToJsonString());
    }

    private static string TxEventJson(string id, byte[] tx)
    {
        var hash = Convert.ToHexString(SHA256.HashData(tx));
        var result = new JsonObject
        {
            ["query"] = Txs,
            ["data"] = new JsonObject
            {
                ["type"] = "tendermint/event/Tx",
                ["value"] = new JsonObject
                {
                    // EventDataTx embeds abci.TxResult; index 0 and code 0 are omitted (omitempty).
                    ["TxResult"] = new JsonObject
                    {
                        ["height"] = "42",
                        ["tx"] = Convert.ToBase64String(tx),
                        ["result"] = new JsonObject
                        {
                            ["gas_wanted"] = "200000",
                            ["gas_used"] = "81234",
                            ["events"] = new JsonArray(new JsonObject
                            {
                                ["type"] = "message",
                                ["attributes"] = new JsonArray(new JsonObject { ["key"] = "action", ["value"] = "/cosmos.bank.v1beta1.MsgSend", ["index"] = true }),
                            }),
                        },
                    },
                },
            },
            ["events"] = new JsonObject
            {
                ["tm.event"] = new JsonArray("Tx"),
                ["tx.hash"] = new JsonArray(hash),
                ["tx.height"] = new JsonArray("42"),
                ["message.action"] = new JsonArray("/cosmos.bank.v1beta1.MsgSend"),
            },
        };
        return CometNodeStub.Envelope(id, result.ToJsonString());
    }

    private static async Task<List<CometEvent>> TakeAsync(CometSubscription subscription, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var events = new List<CometEvent>();
        await foreach (var e in subscription.WithCancellation(timeout.Token))
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }
        return events;
    }

    private static async Task<CometSubscription> SubscribeAsync(LoopbackWebServer server, string query = NewBlocks, Action<CometRpcOptions>? configure = null) =>
        await new CometRpcClient(new HttpClient(), server.Options(configure)).SubscribeAsync(query);

    [Fact]
    public async Task SubscribeAsync_SendsTheSubscribeRequest_AndYieldsEventsInOrder()
    {
        await using var server = await LoopbackWebServer.StartAsync(async (_, socket, s, ct) =>
        {
            var id = await s.AcceptSubscribeAsync(socket, ct);
            for (var height = 5; height <= 7; height++)
            {
                await LoopbackWebServer.SendAsync(socket, NewBlockEvent(id, height), ct);
            }
            await LoopbackWebServer.HoldAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server);

        var events = await TakeAsync(subscription, 3);

        var request = Assert.Single(server.Requests);
        Assert.Equal("2.0", request["jsonrpc"]!.GetValue<string>());
        Assert.Equal("subscribe", request["method"]!.GetValue<string>());
        Assert.Equal(NewBlocks, request["params"]!["query"]!.GetValue<string>());
        Assert.Equal([5L, 6L, 7L], events.Select(e => e.NewBlock!.Block.Header.Height));
        Assert.All(events, e => Assert.Equal(NewBlocks, e.Query));
        Assert.All(events, e => Assert.Equal(CometEvent.NewBlockType, e.DataType));
        Assert.Equal(["NewBlock"], events[0].Events["tm.event"]);
        Assert.Equal("1000", events[0].NewBlock!.FinalizeBlockEvents[0].Attribute("amount"));
        Assert.Equal(SHA256.HashData("app"u8), events[0].NewBlock!.AppHash);
        Assert.Equal(new Uri(server.BaseUri, "websocket").AbsolutePath, subscription.Endpoint.AbsolutePath);
        Assert.Equal("ws", subscription.Endpoint.Scheme);
    }

    [Fact]
    public async Task SubscribeAsync_DecodesTxEvents_WithTheEventsMap()
    {
        var tx = new byte[] { 0x0a, 0x90, 0x01, 0x42 };
        await using var server = await LoopbackWebServer.StartAsync(async (_, socket, s, ct) =>
        {
            var id = await s.AcceptSubscribeAsync(socket, ct);
            await LoopbackWebServer.SendAsync(socket, TxEventJson(id, tx), ct);
            await LoopbackWebServer.HoldAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server, Txs);

        var e = Assert.Single(await TakeAsync(subscription, 1));

        Assert.Null(e.NewBlock);
        var txEvent = Assert.IsType<TxEvent>(e.Tx);
        Assert.Equal(42, txEvent.Height);
        Assert.Equal(0u, txEvent.Index);
        Assert.Equal(tx, txEvent.Tx);
        Assert.True(txEvent.Result.IsOk);
        Assert.Equal(81_234, txEvent.Result.GasUsed);
        Assert.Equal([Convert.ToHexString(SHA256.HashData(tx))], e.Events["tx.hash"]);
        Assert.Equal(["/cosmos.bank.v1beta1.MsgSend"], e.Events["message.action"]);
    }

    [Fact]
    public async Task Enumeration_ReconnectsAndResubscribes_WhenTheServerClosesTheConnection()
    {
        await using var server = await LoopbackWebServer.StartAsync(async (connection, socket, s, ct) =>
        {
            var id = await s.AcceptSubscribeAsync(socket, ct);
            await LoopbackWebServer.SendAsync(socket, NewBlockEvent(id, 10 + connection), ct);
            if (connection == 0)
            {
                await LoopbackWebServer.CloseAsync(socket, ct);
                return;
            }
            await LoopbackWebServer.HoldAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server);

        var events = await TakeAsync(subscription, 2);

        Assert.Equal([10L, 11L], events.Select(e => e.NewBlock!.Block.Header.Height));
        Assert.Equal(2, server.Connections);
        Assert.Equal(1, subscription.Reconnects);
        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("subscribe", r["method"]!.GetValue<string>()));
        Assert.All(requests, r => Assert.Equal(NewBlocks, r["params"]!["query"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Enumeration_Resubscribes_WhenTheNodeCancelsTheSubscription()
    {
        // CometBFT ends a subscription with a -32000 error on the subscribe id ("subscription was canceled (reason: ...)").
        await using var server = await LoopbackWebServer.StartAsync(async (connection, socket, s, ct) =>
        {
            var id = await s.AcceptSubscribeAsync(socket, ct);
            if (connection == 0)
            {
                await LoopbackWebServer.SendAsync(socket, CometNodeStub.ErrorEnvelope(id, -32000, "Server error", "subscription was canceled (reason: slow client)"), ct);
                await LoopbackWebServer.HoldAsync(socket, ct);
                return;
            }
            await LoopbackWebServer.SendAsync(socket, NewBlockEvent(id, 20), ct);
            await LoopbackWebServer.HoldAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server);

        var e = Assert.Single(await TakeAsync(subscription, 1));

        Assert.Equal(20, e.NewBlock!.Block.Header.Height);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Enumeration_ThrowsSubscriptionLost_WhenReconnectAttemptsRunOut()
    {
        await using var server = await LoopbackWebServer.StartAsync(async (connection, socket, s, ct) =>
        {
            if (connection == 0)
            {
                var id = await s.AcceptSubscribeAsync(socket, ct);
                await LoopbackWebServer.SendAsync(socket, NewBlockEvent(id, 1), ct);
            }
            // Every later connection is dropped before the subscription is confirmed.
            await LoopbackWebServer.CloseAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server, configure: o => o.ReconnectAttempts = 2);
        var received = new List<CometEvent>();
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<CometRpcException>(async () =>
        {
            await foreach (var item in subscription)
            {
                received.Add(item);
            }
        });

        Assert.Equal(CometRpcError.SubscriptionLost, e.Error);
        Assert.True(e.IsRetryable);
        Assert.Contains("ReconnectAttempts 2", e.Message);
        Assert.Single(received);
        Assert.Equal(3, server.Connections);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Enumeration_ThrowsOperationCanceled_WhenTheTokenIsCancelled()
    {
        await using var server = await LoopbackWebServer.StartAsync(async (_, socket, s, ct) =>
        {
            await s.AcceptSubscribeAsync(socket, ct);
            await LoopbackWebServer.HoldAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in subscription.WithCancellation(cancel.Token))
            {
                Assert.Fail("the node sent no event");
            }
        });

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task UnsubscribeAsync_SendsUnsubscribe_AndEndsTheEnumeration()
    {
        await using var server = await LoopbackWebServer.StartAsync(async (_, socket, s, ct) =>
        {
            var id = await s.AcceptSubscribeAsync(socket, ct);
            await LoopbackWebServer.SendAsync(socket, NewBlockEvent(id, 3), ct);
            var unsubscribe = await s.ReadRequestAsync(socket, ct);
            await LoopbackWebServer.SendAsync(socket, CometNodeStub.Envelope(unsubscribe["id"]!.ToJsonString(), "{}"), ct);
            await LoopbackWebServer.HoldAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var received = new List<CometEvent>();

        await foreach (var e in subscription.WithCancellation(timeout.Token))
        {
            received.Add(e);
            await subscription.UnsubscribeAsync(timeout.Token);
        }

        Assert.Single(received);
        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal("unsubscribe", requests[1]["method"]!.GetValue<string>());
        Assert.Equal(NewBlocks, requests[1]["params"]!["query"]!.GetValue<string>());
        Assert.NotEqual(requests[0]["id"]!.ToJsonString(), requests[1]["id"]!.ToJsonString());
    }

    [Fact]
    public async Task SubscribeAsync_ThrowsRpcError_WhenTheNodeRefusesTheSubscription()
    {
        await using var server = await LoopbackWebServer.StartAsync(async (_, socket, s, ct) =>
        {
            var request = await s.ReadRequestAsync(socket, ct);
            await LoopbackWebServer.SendAsync(socket, CometNodeStub.ErrorEnvelope(request["id"]!.ToJsonString(), -32603, "Internal error", "max_subscriptions_per_client 5 reached"), ct);
            await LoopbackWebServer.HoldAsync(socket, ct);
        });

        var e = await Assert.ThrowsAsync<CometRpcException>(() => SubscribeAsync(server));

        Assert.Equal(CometRpcError.RpcError, e.Error);
        Assert.Equal("max_subscriptions_per_client 5 reached", e.RpcData);
        Assert.Equal("subscribe", e.Method);
    }

    [Fact]
    public async Task SubscribeAsync_ThrowsTransport_WhenNothingListens()
    {
        var options = new CometRpcOptions { BaseUri = new Uri($"http://127.0.0.1:{CometNodeStub.FreePort()}/"), Timeout = TimeSpan.FromSeconds(3) };

        var e = await Assert.ThrowsAsync<CometRpcException>(() => new CometRpcClient(new HttpClient(), options).SubscribeAsync(NewBlocks));

        Assert.Equal(CometRpcError.Transport, e.Error);
    }

    [Fact]
    public async Task Enumeration_ThrowsResponseTooLarge_WhenAMessageIsOverTheLimit()
    {
        await using var server = await LoopbackWebServer.StartAsync(async (_, socket, s, ct) =>
        {
            var id = await s.AcceptSubscribeAsync(socket, ct);
            await LoopbackWebServer.SendAsync(socket, NewBlockEvent(id, 1) + new string(' ', 256 * 1024), ct);
            await LoopbackWebServer.HoldAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server, configure: o => o.MaxResponseBytes = 64 * 1024);

        var e = await Assert.ThrowsAsync<CometRpcException>(() => TakeAsync(subscription, 1));

        Assert.Equal(CometRpcError.ResponseTooLarge, e.Error);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Enumeration_ThrowsMalformedResponseNamingTheField_WhenAnEventIsIllTyped()
    {
        await using var server = await LoopbackWebServer.StartAsync(async (_, socket, s, ct) =>
        {
            var id = await s.AcceptSubscribeAsync(socket, ct);
            var bad = JsonNode.Parse(NewBlockEvent(id, 1))!;
            bad["result"]!["data"]!["value"]!["block"]!["header"]!["height"] = "12a";
            await LoopbackWebServer.SendAsync(socket, bad.ToJsonString(), ct);
            await LoopbackWebServer.HoldAsync(socket, ct);
        });
        await using var subscription = await SubscribeAsync(server);

        var e = await Assert.ThrowsAsync<CometRpcException>(() => TakeAsync(subscription, 1));

        Assert.Equal(CometRpcError.MalformedResponse, e.Error);
        Assert.Equal("result.data.value.block.header.height", e.Field);
    }
}
