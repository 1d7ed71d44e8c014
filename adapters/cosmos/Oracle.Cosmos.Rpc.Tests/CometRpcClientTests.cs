using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>Every method against a loopback WireMock.Net node serving CometBFT 0.38-shaped answers; request bodies checked.</summary>
public sealed class CometRpcClientTests : IDisposable
{
    private readonly CometNodeStub _node = new();

    public void Dispose() => _node.Dispose();

    /// <summary>The transactions in the fixtures: a protobuf-looking prefix and a readable body.</summary>
    private static byte[] FixtureTx(int n) => [0x0a, 0x90, 0x01, .. Encoding.ASCII.GetBytes($"fake-cosmos-tx-body-{n}")];

    private JsonObject OnlyRequest(string method)
    {
        var request = Assert.Single(_node.Requests);
        Assert.Equal("2.0", request["jsonrpc"]!.GetValue<string>());
        Assert.Equal(method, request["method"]!.GetValue<string>());
        Assert.True(request["id"]!.GetValue<long>() > 0);
        return request["params"]!.AsObject();
    }

    [Fact]
    public async Task StatusAsync_ParsesNodeSyncAndValidatorInfo()
    {
        _node.OnResult("status", _ => Fixture.Text("status"));

        var status = await _node.Client().StatusAsync();

        Assert.Empty(OnlyRequest("status"));
        Assert.Equal("oracle-devnet-1", status.NodeInfo.Network);
        Assert.Equal(new ProtocolVersion(8, 11, 0), status.NodeInfo.ProtocolVersion);
        Assert.Equal("0.38.12", status.NodeInfo.Version);
        Assert.Equal("on", status.NodeInfo.TxIndex);
        Assert.Equal(Convert.FromHexString("40202122233038606100"), status.NodeInfo.Channels);
        Assert.Equal(42, status.SyncInfo.LatestBlockHeight);
        Assert.Equal(1, status.SyncInfo.EarliestBlockHeight);
        Assert.Equal(123_456_789, status.SyncInfo.LatestBlockTime.Nanos);
        Assert.Equal("2024-05-01T12:00:41.123456789Z", status.SyncInfo.LatestBlockTime.ToString());
        Assert.Equal(500_000_000, status.SyncInfo.EarliestBlockTime.Nanos);
        Assert.False(status.SyncInfo.CatchingUp);
        Assert.Equal(SHA256.HashData("b42"u8), status.SyncInfo.LatestBlockHash);
        Assert.Equal(PubKey.Ed25519Type, status.ValidatorInfo.PubKey.Type);
        Assert.Equal(32, status.ValidatorInfo.PubKey.Value.Length);
        Assert.Equal(20, status.ValidatorInfo.Address.Length);
        Assert.Equal(10, status.ValidatorInfo.VotingPower);
    }

    [Fact]
    public async Task BlockAsync_SendsHeightAsString_AndParsesHeaderTxsAndLastCommit()
    {
        _node.OnResult("block", _ => Fixture.Text("block"));

        var result = await _node.Client().BlockAsync(42);

        Assert.Equal("42", OnlyRequest("block")["height"]!.GetValue<string>());
        Assert.Equal(SHA256.HashData("b42"u8), result.BlockId.Hash);
        Assert.Equal(1u, result.BlockId.Parts.Total);
        var block = Assert.IsType<Block>(result.Block);
        Assert.Equal("oracle-devnet-1", block.Header.ChainId);
        Assert.Equal(42, block.Header.Height);
        Assert.Equal(new ConsensusVersion(11, 0), block.Header.Version);
        Assert.Equal(SHA256.HashData("b41"u8), block.Header.LastBlockId.Hash);
        Assert.Equal(SHA256.HashData("app41"u8), block.Header.AppHash);
        Assert.Equal(SHA256.HashData("vals"u8), block.Header.NextValidatorsHash);
        Assert.Equal(2, block.Txs.Count);
        Assert.Equal(FixtureTx(1), block.Txs[0]);
        Assert.Equal(FixtureTx(2), block.Txs[1]);
        Assert.Empty(block.Evidence);
        var lastCommit = Assert.IsType<Commit>(block.LastCommit);
        Assert.Equal(41, lastCommit.Height);
        Assert.Equal(3, lastCommit.Signatures.Count);
        Assert.Equal(BlockIdFlag.Commit, lastCommit.Signatures[0].Flag);
        Assert.Equal(64, lastCommit.Signatures[0].Signature.Length);
        Assert.Equal(BlockIdFlag.Absent, lastCommit.Signatures[1].Flag);
        Assert.Empty(lastCommit.Signatures[1].Signature);
        Assert.Empty(lastCommit.Signatures[1].ValidatorAddress);
        Assert.Equal(BlockIdFlag.Nil, lastCommit.Signatures[2].Flag);
    }

    [Fact]
    public async Task BlockAsync_SendsNoHeight_WhenLatestIsAsked()
    {
        _node.OnResult("block", _ => Fixture.Text("block"));

        await _node.Client().BlockAsync();

        Assert.Empty(OnlyRequest("block"));
    }

    [Fact]
    public async Task CommitAsync_ParsesSignedHeaderAndCanonicalFlag()
    {
        _node.OnResult("commit", _ => Fixture.Text("commit"));

        var result = await _node.Client().CommitAsync(42);

        Assert.Equal("42", OnlyRequest("commit")["height"]!.GetValue<string>());
        Assert.True(result.Canonical);
        Assert.Equal(42, result.SignedHeader.Header.Height);
        Assert.Equal(42, result.SignedHeader.Commit.Height);
        Assert.Equal(0, result.SignedHeader.Commit.Round);
        Assert.Equal(result.SignedHeader.Commit.BlockId.Hash, SHA256.HashData("b42"u8));
        Assert.Equal(300_000_000, result.SignedHeader.Commit.Signatures[2].Timestamp.Nanos);
        Assert.Equal(1_000, result.SignedHeader.Commit.Signatures[0].Timestamp.Nanos);
    }

    [Fact]
    public async Task BlockResultsAsync_ParsesTxResultsEventsAndValidatorUpdates()
    {
        _node.OnResult("block_results", _ => Fixture.Text("block_results"));

        var results = await _node.Client().BlockResultsAsync(42);

        Assert.Equal("42", OnlyRequest("block_results")["height"]!.GetValue<string>());
        Assert.Equal(42, results.Height);
        Assert.Equal(2, results.TxsResults.Count);
        var ok = results.TxsResults[0];
        Assert.True(ok.IsOk);
        Assert.Equal(200_000, ok.GasWanted);
        Assert.Equal(81_234, ok.GasUsed);
        Assert.Equal("", ok.Codespace);
        Assert.Equal("/cosmos.bank.v1beta1.MsgSend", ok.Events[1].Attribute("action"));
        Assert.True(ok.Events[1].Attributes[0].Index);
        var failed = results.TxsResults[1];
        Assert.Equal(5u, failed.Code);
        Assert.Equal("sdk", failed.Codespace);
        Assert.Contains("insufficient funds", failed.Log);
        Assert.Empty(failed.Data);
        Assert.Equal("mint", results.FinalizeBlockEvents[1].Type);
        Assert.Equal("1000stake", results.FinalizeBlockEvents[0].Attribute("amount"));
        var update = Assert.Single(results.ValidatorUpdates);
        Assert.Equal("ed25519", update.KeyType);
        Assert.Equal(32, update.PubKey.Length);
        Assert.Equal(25, update.Power);
        Assert.Equal("-1", JsonNode.Parse(results.ConsensusParamUpdatesJson!)!["block"]!["max_gas"]!.GetValue<string>());
        Assert.Equal(SHA256.HashData("app42"u8), results.AppHash);
    }

    [Fact]
    public async Task TxSearchAsync_SendsEveryParameterAsCometWantsIt_AndParsesTheResults()
    {
        _node.OnResult("tx_search", _ => Fixture.Text("tx_search"));

        var found = await _node.Client().TxSearchAsync("tx.height=42", prove: false, page: 2, perPage: 5, orderBy: TxOrder.Descending);

        var p = OnlyRequest("tx_search");
        Assert.Equal("tx.height=42", p["query"]!.GetValue<string>());
        Assert.False(p["prove"]!.GetValue<bool>());
        Assert.Equal("2", p["page"]!.GetValue<string>());
        Assert.Equal("5", p["per_page"]!.GetValue<string>());
        Assert.Equal("desc", p["order_by"]!.GetValue<string>());
        Assert.Equal(7, found.TotalCount);
        Assert.Equal(2, found.Txs.Count);
        Assert.Equal(SHA256.HashData(found.Txs[0].Tx), found.Txs[0].Hash);
        Assert.Equal(42, found.Txs[1].Height);
        Assert.Equal(1u, found.Txs[1].Index);
        Assert.Equal(5u, found.Txs[1].TxResult.Code);
        Assert.Null(found.Txs[0].Proof);
    }

    [Fact]
    public async Task TxSearchAsync_ParsesTheInclusionProof_WhenProveIsAsked()
    {
        _node.OnResult("tx_search", _ => Fixture.Text("tx_search_proved"));

        var found = await _node.Client().TxSearchAsync("tx.hash='8BF7'", prove: true);

        Assert.True(OnlyRequest("tx_search")["prove"]!.GetValue<bool>());
        var proof = Assert.IsType<TxProof>(Assert.Single(found.Txs).Proof);
        Assert.Equal(SHA256.HashData("data42"u8), proof.RootHash);
        Assert.Equal(found.Txs[0].Tx, proof.Data);
        Assert.Equal(2, proof.Total);
        Assert.Equal(0, proof.Index);
        Assert.Equal(SHA256.HashData("aunt"u8), Assert.Single(proof.Aunts));
    }

    [Fact]
    public async Task AbciQueryAsync_SendsDataAsHex_AndDecodesProofOps()
    {
        _node.OnResult("abci_query", _ => Fixture.Text("abci_query"));
        var key = "clients/07-tendermint-0/clientState"u8.ToArray();

        var answer = await _node.Client().AbciQueryAsync("store/ibc/key", key, height: 41, prove: true);

        var p = OnlyRequest("abci_query");
        Assert.Equal("store/ibc/key", p["path"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexString(key), p["data"]!.GetValue<string>());
        Assert.Equal("41", p["height"]!.GetValue<string>());
        Assert.True(p["prove"]!.GetValue<bool>());
        Assert.True(answer.IsOk);
        Assert.Equal("", answer.Log);
        Assert.Equal(41, answer.Height);
        Assert.Equal(key, answer.Key);
        Assert.EndsWith("ClientState\u0012\u0004fake", Encoding.Latin1.GetString(answer.Value));
        Assert.Equal(2, answer.ProofOps.Count);
        Assert.Equal("ics23:iavl", answer.ProofOps[0].Type);
        Assert.Equal(key, answer.ProofOps[0].Key);
        Assert.Equal(0x0a, answer.ProofOps[0].Data[0]);
        Assert.Equal("ics23:simple", answer.ProofOps[1].Type);
        Assert.Equal("ibc"u8.ToArray(), answer.ProofOps[1].Key);
        Assert.Equal(SHA256.HashData("ibcroot"u8), answer.ProofOps[1].Data[^32..]);
    }

    [Fact]
    public async Task AbciQueryAsync_ReadsAbsentFieldsAsZero_WhenTheAppAnswersWithAnError()
    {
        // abci.ResponseQuery is omitempty throughout: a failed query for a missing key carries only code, log and codespace.
        _node.OnResult("abci_query", _ => """{"response":{"code":38,"log":"key not found","codespace":"sdk"}}""");

        var answer = await _node.Client().AbciQueryAsync("/store/bank/key", new byte[] { 1, 2 });

        Assert.False(OnlyRequest("abci_query").ContainsKey("height"));
        Assert.Equal(38u, answer.Code);
        Assert.Equal("sdk", answer.Codespace);
        Assert.Empty(answer.Value);
        Assert.Empty(answer.ProofOps);
        Assert.Equal(0, answer.Height);
    }

    [Fact]
    public async Task BroadcastTxSyncAsync_SendsTxAsBase64_AndReturnsCheckTxVerdict()
    {
        _node.OnResult("broadcast_tx_sync", _ => Fixture.Text("broadcast_tx_sync"));
        var tx = FixtureTx(1);

        var verdict = await _node.Client().BroadcastTxSyncAsync(tx);

        Assert.Equal(Convert.ToBase64String(tx), OnlyRequest("broadcast_tx_sync")["tx"]!.GetValue<string>());
        Assert.True(verdict.IsOk);
        Assert.Equal("[]", verdict.Log);
        Assert.Empty(verdict.Data);
        Assert.Equal(SHA256.HashData(tx), verdict.Hash);
    }

    [Fact]
    public async Task BroadcastTxSyncAsync_ReturnsTheRefusal_WhenCheckTxFails()
    {
        var hash = Convert.ToHexString(SHA256.HashData("tx"u8));
        _node.OnResult("broadcast_tx_sync", _ =>
            $$"""{"code":32,"data":"","log":"account sequence mismatch, expected 7, got 6: incorrect account sequence","codespace":"sdk","hash":"{{hash}}"}""");

        var verdict = await _node.Client().BroadcastTxSyncAsync("tx"u8.ToArray());

        Assert.False(verdict.IsOk);
        Assert.Equal(32u, verdict.Code);
        Assert.Equal("sdk", verdict.Codespace);
        Assert.Contains("account sequence mismatch", verdict.Log);
    }

    [Fact]
    public async Task BroadcastTxSyncAsync_ThrowsMalformedResponse_WhenTheHashIsNotOfTheTxSent()
    {
        _node.OnResult("broadcast_tx_sync", _ => Fixture.Text("broadcast_tx_sync"));

        var e = await Assert.ThrowsAsync<CometRpcException>(() => _node.Client().BroadcastTxSyncAsync(FixtureTx(2)));

        Assert.Equal(CometRpcError.MalformedResponse, e.Error);
        Assert.Equal("result.hash", e.Field);
    }

    [Fact]
    public async Task CallRawAsync_ReturnsTheResult_ForAMethodWithoutATypedWrapper()
    {
        _node.OnResult("health", _ => "{}");

        var result = await _node.Client().CallRawAsync("health", []);

        Assert.Equal(System.Text.Json.JsonValueKind.Object, result.ValueKind);
        Assert.Empty(OnlyRequest("health"));
    }

    [Fact]
    public async Task RequestIds_Differ_BetweenCalls()
    {
        _node.OnResult("status", _ => Fixture.Text("status"));
        var client = _node.Client();

        await client.StatusAsync();
        await client.StatusAsync();

        var ids = _node.Requests.Select(r => r["id"]!.GetValue<long>()).ToList();
        Assert.Equal(2, ids.Distinct().Count());
    }
}
