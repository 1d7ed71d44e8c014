using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Node;
using Oracle.Relayer.Proofs;

namespace Oracle.Relayer.Tests;

/// <summary>The proof node (Oracle.Node) in the test process, on free ports, configured from flat keys.</summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private readonly WebApplication app;

    private InProcessNode(WebApplication app, NodeListeners listeners)
    {
        this.app = app;
        HttpUrl = listeners.HttpUrl;
        GrpcUrl = listeners.GrpcUrl;
        Http = new HttpClient { BaseAddress = HttpUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri HttpUrl { get; }

    public Uri GrpcUrl { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a node on <paramref name="config"/> (the relayer's keys plus Node:...), listening on free ports.</summary>
    public static async Task<InProcessNode> StartAsync(IDictionary<string, string?> config, string contentRoot)
    {
        var b = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, Args = [] });
        b.Configuration.AddInMemoryCollection(config);
        b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Node:Listen:Port"] = "0", ["Node:Listen:GrpcPort"] = "0" });
        b.Logging.ClearProviders();
        b.AddProofNode();
        var app = b.Build();
        app.MapProofNode();
        await app.StartAsync();
        return new InProcessNode(app, app.Services.GetRequiredService<NodeListeners>());
    }

    /// <summary>GET /v1/proofs/{feedId}?chainId=..&amp;contract=.. as JSON; asserts 200.</summary>
    public async Task<JsonObject> GetProofAsync(byte[] feedId, ulong chainId, EthAddress contract)
    {
        using var r = await Http.GetAsync($"/v1/proofs/{Hex.Encode(feedId)}?chainId={chainId}&contract={contract}");
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"GET proof: HTTP {(int)r.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>POST /v1/proofs/verify; asserts 200 and returns the verdict document.</summary>
    public async Task<JsonObject> VerifyAsync(byte[] proof, ulong chainId, EthAddress contract, ulong? maxAge = null, byte[]? feedId = null, EthAddress? registry = null)
    {
        var body = new JsonObject { ["proof"] = Hex.Encode(proof), ["chainId"] = chainId, ["contract"] = contract.ToString() };
        if (maxAge is { } m) body["maxAge"] = m;
        if (feedId is not null) body["feedId"] = Hex.Encode(feedId);
        if (registry is { } reg) body["registry"] = reg.ToString();
        using var r = await Http.PostAsJsonAsync("/v1/proofs/verify", body);
        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"POST verify: HTTP {(int)r.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>Pull-proof helpers on the shared devnet.</summary>
public static class ProofSupport
{
    /// <summary>The devnet relayer's configuration, for a node: the hub is the devnet chain's registry.</summary>
    public static Dictionary<string, string?> NodeConfiguration(LocalDevnet d)
    {
        var c = d.RelayerConfiguration();
        c["Node:Registries:0:Chain"] = "devnet";
        c["Node:Registries:0:Address"] = d.Hub.ToString();
        return c;
    }

    /// <summary>Deploys an ExampleConsumer trusting <paramref name="registry"/> for <paramref name="feedId"/>.</summary>
    public static Task<EthAddress> DeployConsumerAsync(LocalDevnet d, EthAddress registry, byte[] feedId, ulong maxAge) =>
        new ContractDeployer(d.Rpc, d.Owner, d.Paths).DeployAsync("ExampleConsumer", [registry, feedId, (BigInteger)maxAge], CancellationToken.None);

    /// <summary>The custom error <c>settle(proof)</c> reverts with in an eth_call, or null when it would succeed.</summary>
    public static async Task<string?> SettleRevertAsync(EthJsonRpcClient rpc, EthAddress consumer, byte[] proof)
    {
        var decoding = new EthJsonRpcClient(new HttpClient { Timeout = TimeSpan.FromSeconds(15) }, rpc.Endpoint, new RevertDecoder(OracleProofAbi.Errors));
        try
        {
            await decoding.CallAsync(new CallRequest { To = consumer, Data = Abi.EncodeCall(OracleProofAbi.Settle, proof) });
            return null;
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
        {
            return e.Revert!.Name;
        }
    }

    /// <summary>ExampleConsumer.lastPrice().</summary>
    public static async Task<BigInteger> LastPriceAsync(EthJsonRpcClient rpc, EthAddress consumer) =>
        (BigInteger)Abi.Decode("int256", await rpc.CallAsync(new CallRequest { To = consumer, Data = Abi.EncodeCall(OracleProofAbi.LastPrice) }))[0]!;

    /// <summary>The real enclave's proof of the devnet job, executed now, for any target (another chain id, a request id).</summary>
    public static async Task<byte[]> EnclaveProofAsync(LocalDevnet d, BigInteger chainId, EthAddress contract, byte[]? requestId = null)
    {
        var head = (await d.Rpc.GetBlockAsync(BlockTag.Latest))!;
        var request = new JsonObject
        {
            ["job"] = d.Job.DeepClone(),
            ["round"] = head.Number,
            ["chain_time"] = head.Timestamp,
            ["targets"] = new JsonArray(new JsonObject { ["chain_id"] = chainId.ToString(CultureInfo.InvariantCulture), ["verifying_contract"] = contract.ToString() }),
        };
        if (requestId is not null) request["request_id"] = Hex.Encode(requestId);
        var result = await d.Enclave.ExecuteAsync(request);
        Assert.True(result.Ok, result.RawJson);
        return Assert.Single(result.Reports).Proof;
    }

    /// <summary>Waits (bounded) until the chain's latest block is later than <paramref name="unixTime"/>.</summary>
    public static async Task WaitForChainTimeAfterAsync(EthJsonRpcClient rpc, ulong unixTime, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while ((await rpc.GetBlockAsync(BlockTag.Latest))!.Timestamp <= unixTime)
        {
            Assert.True(DateTime.UtcNow < until, $"the chain's time did not pass {unixTime} within {limit.TotalSeconds} s");
            await Task.Delay(250);
        }
    }
}
