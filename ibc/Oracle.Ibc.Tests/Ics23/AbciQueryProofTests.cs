using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Oracle.Cosmos.Rpc;
using Oracle.Ibc.Ics23;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>
/// The path a relayer takes for a proof: <c>abci_query</c> with <c>prove=true</c> through the CometBFT RPC client,
/// its proof ops read as a Merkle proof, verified along <c>["ibc", key]</c> against the app hash it trusts. The
/// node is WireMock answering as a CometBFT 0.38 node does, with proofs from a multi-store built in the test.
/// </summary>
public sealed class AbciQueryProofTests : IDisposable
{
    private const string Key = "clients/07-tendermint-0/clientState";
    private static readonly byte[] Value = Encoding.UTF8.GetBytes("client state bytes");
    private readonly WireMockServer _node;
    private readonly TestTree _ibc;
    private readonly TestTree _stores;
    private readonly Uri _url;
    private byte[][] _servedOps = [];

    public AbciQueryProofTests()
    {
        var random = new Random(21);
        var entries = new List<KeyValuePair<byte[], byte[]>> { new(Encoding.UTF8.GetBytes(Key), Value) };
        for (int i = 0; i < 30; i++)
            entries.Add(new(Encoding.UTF8.GetBytes($"clients/07-tendermint-{i + 1}/clientState"), [(byte)i]));
        _ibc = TestTree.Iavl(entries, random);
        _stores = TestTree.Simple([new("acc"u8.ToArray(), new byte[32]), new("ibc"u8.ToArray(), _ibc.Root), new("staking"u8.ToArray(), new byte[32])]);
        _servedOps = [_ibc.Exist(Encoding.UTF8.GetBytes(Key)).ToByteArray(), _stores.Exist("ibc"u8.ToArray()).ToByteArray()];

        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }
        _url = new Uri($"http://127.0.0.1:{port}/");
        _node = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
        _node.Given(Request.Create().WithPath("/").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(r => Answer(r.Body ?? "")));
    }

    public void Dispose() => _node.Stop();

    private string Answer(string body)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("abci_query", (string?)request["method"]);
        Assert.Equal("store/ibc/key", (string?)request["params"]!["path"]);
        Assert.True((bool?)request["params"]!["prove"]);
        var result = new JsonObject
        {
            ["response"] = new JsonObject
            {
                ["code"] = 0,
                ["log"] = "",
                ["info"] = "",
                ["index"] = "0",
                ["key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)),
                ["value"] = Convert.ToBase64String(Value),
                ["proof_ops"] = new JsonObject
                {
                    ["ops"] = new JsonArray(_servedOps.Select((op, i) => (JsonNode)new JsonObject
                    {
                        ["type"] = i == 0 ? "ics23:iavl" : "ics23:simple",
                        ["key"] = Convert.ToBase64String(i == 0 ? Encoding.UTF8.GetBytes(Key) : "ibc"u8.ToArray()),
                        ["data"] = Convert.ToBase64String(op),
                    }).ToArray()),
                },
                ["height"] = "41",
                ["codespace"] = "",
            },
        };
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["result"] = result }.ToJsonString();
    }

    private async Task<Ics23Result> QueryAndVerifyAsync(byte[] appHash)
    {
        using var http = new HttpClient();
        var client = new CometRpcClient(http, new CometRpcOptions { BaseUri = _url });
        var answer = await client.AbciQueryAsync("store/ibc/key", Encoding.UTF8.GetBytes(Key), height: 41, prove: true);
        Assert.True(answer.IsOk);
        var converted = MerkleProofs.TryFromProofOps(answer.ProofOps.Select(op => (op.Type, op.Data)), out var proof);
        if (!converted.IsOk)
            return converted;
        return MerkleProofs.VerifyMembership(proof, MerkleProofs.SdkSpecs, appHash,
            MerkleProofs.ApplyPrefix(MerkleProofs.IbcPrefix, Key), answer.Value);
    }

    [Fact]
    public async Task AbciQueryProof_Verifies_AgainstTheAppHash()
    {
        var result = await QueryAndVerifyAsync(_stores.Root);
        Assert.True(result.IsOk, result.Message);
    }

    [Fact]
    public async Task AbciQueryProof_IsRefused_UnderAnotherAppHash_OrWhenTheNodeServesAnotherStoresProof()
    {
        byte[] other = (byte[])_stores.Root.Clone();
        other[0] ^= 1;
        Assert.Equal(Ics23Error.RootMismatch, (await QueryAndVerifyAsync(other)).Error);

        _servedOps = [_servedOps[0], _stores.Exist("acc"u8.ToArray()).ToByteArray()];
        Assert.False((await QueryAndVerifyAsync(_stores.Root)).IsOk);

        _servedOps = [[0x0a, 0x03, 0x01]];
        Assert.Equal(Ics23Error.Decode, (await QueryAndVerifyAsync(_stores.Root)).Error);
    }
}
