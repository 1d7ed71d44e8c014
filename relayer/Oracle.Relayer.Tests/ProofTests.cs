using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Node.V1;
using NodeProofs = Oracle.Node.V1.Proofs;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Proofs;
using Oracle.Relayer.Requests;

namespace Oracle.Relayer.Tests;

/// <summary>
/// Pull proofs end to end on the devnet (issue 5, "Pull proofs"): the node (<c>oracle-cli node</c> as a process, or
/// in this process) runs the feed's job in the sim enclave for one consumer; <c>proof verify</c> judges it offline but
/// for the registry and the chain's time; <c>proof submit</c> settles it on ExampleConsumer; gRPC gives the same. Each
/// bad proof is refused with the same reason by the library (the consumer's revert), the CLI and the node.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class ProofTests(DevnetFixture fx, CliBadInputTests.Cli cli, ProofTests.World world)
    : IClassFixture<CliBadInputTests.Cli>, IClassFixture<ProofTests.World>
{
    private const ulong ChainId = 31337;
    private LocalDevnet D => fx.Devnet;

    [Fact]
    public async Task NodeProcess_ServesAProof_ThatVerifyAcceptsAndSubmitSettles_AndGrpcGivesTheSame()
    {
        var w = await world.ReadyAsync(fx);
        string config = Path.Combine(w.Dir, "node.json");
        D.WriteRelayerConfig(config, new Dictionary<string, string?> { ["Node:Registries:0:Chain"] = "devnet", ["Node:Registries:0:Address"] = D.Hub.ToString() });
        await using var node = ChildProcess.Start("dotnet", [cli.Dll, "node", "--config", config, "--listen", "127.0.0.1:0", "--grpc-port", "0"],
            Path.Combine(w.Dir, "node.log"), workDir: w.Dir);
        string url = (await node.WaitForLineAsync(@"^node listening on (http://\S+)", TimeSpan.FromSeconds(60), "oracle node")).Groups[1].Value;
        string grpcUrl = (await node.WaitForLineAsync(@"^node grpc listening on (http://\S+) \(h2c\)", TimeSpan.FromSeconds(10), "oracle node")).Groups[1].Value;
        string feed = Hex.Encode(D.FeedId), file = Path.Combine(w.Dir, "proof.json");

        var get = await cli.RunAsync(["proof", "get", "--node", url, "--feed", feed, "--chain-id", "31337", "--contract", w.A.ToString(), "--out", file], w.Dir);
        Assert.True(get.ExitCode == 0, get.Stdout + get.Stderr + node.RecentOutput);
        Assert.Contains("[SIMULATED enclave: protects nothing]", get.Stdout, StringComparison.Ordinal);
        var doc = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        var value = BigInteger.Parse((string)doc["value"]!);
        Assert.True((bool)doc["simulated"]!);
        Assert.Equal(feed, (string)doc["feedId"]!);
        Assert.Equal(EthAddress.Parse(D.Identity.Signer), EthAddress.Parse((string)doc["signer"]!));
        Assert.Equal(5, doc["sources"]!.AsArray().Count);
        Assert.All(doc["sources"]!.AsArray(), s => Assert.StartsWith("0x", (string)s!["spki_sha256"]!, StringComparison.Ordinal));
        Assert.Equal(213, Hex.Decode((string)doc["proof"]!).Length);

        var verify = await cli.RunAsync(["proof", "verify", file, "--rpc", D.Anvil.RpcUrl.ToString(), "--registry", D.Hub.ToString(), "--chain-id", "31337",
            "--contract", w.A.ToString(), "--feed", feed, "--max-age", "60"], w.Dir);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains("result     VALID", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("SIMULATED evidence", verify.Stdout, StringComparison.Ordinal);

        var submit = await cli.RunAsync(["proof", "submit", file, "--rpc", D.Anvil.RpcUrl.ToString(), "--contract", w.A.ToString(), "--key", w.KeyFile, "--chain-id", "31337"], w.Dir);
        Assert.True(submit.ExitCode == 0, submit.Stdout + submit.Stderr);
        Assert.Contains("result     INCLUDED", submit.Stdout, StringComparison.Ordinal);
        Assert.Equal(value, await ProofSupport.LastPriceAsync(D.Rpc, w.A));

        // gRPC on the same node: GetProof, then VerifyProof, which agrees with the JSON API on the same bytes.
        using var channel = GrpcChannel.ForAddress(grpcUrl);
        var proofs = new NodeProofs.ProofsClient(channel);
        var reply = await proofs.GetProofAsync(new GetProofRequest { FeedId = feed, ChainId = ChainId, Contract = w.A.ToString() });
        var json = JsonNode.Parse(reply.Json)!.AsObject();
        Assert.Equal(Hex.Encode(reply.Proof.ToByteArray()), (string)json["proof"]!);
        Assert.True((bool)json["simulated"]!);
        var grpcVerdict = await proofs.VerifyProofAsync(new VerifyProofRequest { Proof = reply.Proof, ChainId = ChainId, Contract = w.A.ToString(), MaxAge = 60, FeedId = feed });
        Assert.True(grpcVerdict.Ok, grpcVerdict.Reason);
        Assert.Equal((string)json["value"]!, grpcVerdict.Value);
        Assert.Equal(D.Identity.Signer, Assert.Single(grpcVerdict.Signers), StringComparer.OrdinalIgnoreCase);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var body = new JsonObject { ["proof"] = json["proof"]!.DeepClone(), ["chainId"] = ChainId, ["contract"] = w.A.ToString(), ["maxAge"] = 60, ["feedId"] = feed };
        var httpVerdict = JsonNode.Parse(await (await http.PostAsync("/v1/proofs/verify", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        Assert.True((bool)httpVerdict["ok"]!);
        Assert.Equal(grpcVerdict.Value, (string)httpVerdict["value"]!);
        Assert.Equal(grpcVerdict.ObservedAt, (ulong)httpVerdict["observedAt"]!);
        Assert.Equal(JsonNode.Parse(grpcVerdict.Json)!["signers"]!.ToJsonString(), httpVerdict["signers"]!.ToJsonString());
    }

    [Fact]
    public async Task GetProof_GivesTheSameReportAsJsonAsRawBytesAndOverGrpc()
    {
        var w = await world.ReadyAsync(fx);
        var json = await w.Node.GetProofAsync(D.FeedId, ChainId, w.A);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/proofs/{Hex.Encode(D.FeedId)}?chainId={ChainId}&contract={w.A}");
        request.Headers.Accept.ParseAdd("application/octet-stream");
        using var raw = await w.Node.Http.SendAsync(request);
        Assert.Equal("application/octet-stream", raw.Content.Headers.ContentType?.MediaType);
        var bytes = await raw.Content.ReadAsByteArrayAsync();
        using var channel = GrpcChannel.ForAddress(w.Node.GrpcUrl);
        var reply = await new NodeProofs.ProofsClient(channel).GetProofAsync(new GetProofRequest { FeedId = Hex.Encode(D.FeedId), ChainId = ChainId, Contract = w.A.ToString() });

        // Three fresh reports of the same job for the same target: each decodes to the feed and recovers to the enclave.
        foreach (var proof in new[] { Hex.Decode((string)json["proof"]!), bytes, reply.Proof.ToByteArray() })
        {
            var p = CompactProof.Decode(proof);
            Assert.Equal(D.FeedId, p.FeedId);
            Assert.Equal(EthAddress.Parse(D.Identity.Signer), p.Signer(0, p.Digest(ChainId, w.A)));
            Assert.Null(await ProofSupport.SettleRevertAsync(D.Rpc, w.A, proof));
        }
        Assert.Equal((string)json["contract"]!, w.A.ToString());
        Assert.Equal(ChainId, (ulong)json["chainId"]!);
        Assert.Equal(LocalDevnet.Decimals, (int)json["decimals"]!);
        Assert.Equal(new string('0', 64), ((string)json["requestId"]!)[2..]);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        // row: what is wrong with the proof; the check code (CLI, node); the consumer's custom error (library)
        { "truncated", ProofCheck.Malformed, "ProofLengthMismatch" },
        { "wrong version", ProofCheck.Malformed, "UnsupportedVersion" },
        { "stale", ProofCheck.Stale, "ProofStale" },
        { "another chain id", ProofCheck.SignerNotRegistered, "SignerNotRegistered" },
        { "another contract", ProofCheck.SignerNotRegistered, "SignerNotRegistered" },
        { "request proof", ProofCheck.NotAFeedProof, "NotAFeedProof" },
        { "error report", ProofCheck.ErrorReport, "ErrorReport" },
        { "another feed", ProofCheck.WrongFeed, "WrongFeedId" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task BadProof_IsRefusedWithTheSameReason_ByTheLibraryTheCliAndTheNode(string row, string check, string contractError)
    {
        var w = await world.ReadyAsync(fx);
        var (proof, consumer, maxAge, feed) = await RefusalCaseAsync(w, row);
        string file = Path.Combine(w.Dir, $"{row.Replace(' ', '-')}.hex");
        await File.WriteAllTextAsync(file, Hex.Encode(proof));

        // The library: the consumer's own transaction reverts with the decoded custom error ...
        Assert.Equal(contractError, await ProofSupport.SettleRevertAsync(D.Rpc, consumer, proof));
        var submit = await cli.RunAsync(["proof", "submit", file, "--rpc", D.Anvil.RpcUrl.ToString(), "--contract", consumer.ToString(), "--key", w.KeyFile], w.Dir);
        Assert.True(submit.ExitCode == 1, $"{row}: exit {submit.ExitCode}\n{submit.Stdout}{submit.Stderr}");
        Assert.Contains($"REVERTED in simulation, nothing sent: {contractError}(", submit.Stdout, StringComparison.Ordinal);
        Assert.Contains($"[{check}]", submit.Stdout, StringComparison.Ordinal);

        // ... the CLI ...
        var verify = await cli.RunAsync(["proof", "verify", file, "--rpc", D.Anvil.RpcUrl.ToString(), "--registry", D.Hub.ToString(), "--chain-id", "31337",
            "--contract", consumer.ToString(), "--max-age", maxAge.ToString(), .. feed is null ? Array.Empty<string>() : ["--feed", Hex.Encode(feed)]], w.Dir);
        Assert.True(verify.ExitCode == 1, $"{row}: exit {verify.ExitCode}\n{verify.Stdout}{verify.Stderr}");
        Assert.Contains($"result     REFUSED {check} ({contractError}): ", verify.Stdout, StringComparison.Ordinal);

        // ... and the node.
        var verdict = await w.Node.VerifyAsync(proof, ChainId, consumer, maxAge, feed);
        Assert.False((bool)verdict["ok"]!);
        Assert.Equal(check, (string)verdict["check"]!);
        Assert.Equal(contractError, (string)verdict["contractError"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)verdict["reason"]));
    }

    [Fact]
    public async Task ProofOfAnExpiredEnclave_IsRefused_ByTheLibraryTheCliAndTheNode()
    {
        var w = await world.ReadyAsync(fx);
        const ulong chainId = 31343;
        var ct = CancellationToken.None;
        await using var chain = await AnvilNode.StartAsync(D.Paths.Anvil, w.Dir, null, chainId: chainId, ct: ct);
        var rpc = new EthJsonRpcClient(new HttpClient(), chain.RpcUrl, new RevertDecoder(OracleProofAbi.Errors));
        using var owner = EthKey.FromPrivateKey(chain.DevKeys[0]);
        var deployer = new ContractDeployer(rpc, owner, D.Paths);
        // No verifiers configured: the owner enters the devnet enclave's signer directly, for 30 s.
        var registry = await deployer.DeployAsync("OracleRegistry", [], ct);
        ulong now = (await rpc.GetBlockAsync(BlockTag.Latest, ct))!.Timestamp;
        await deployer.CallAsync(registry, "setValidator(address,uint64,address,bytes32,uint8,uint64)",
            [owner.Address, (BigInteger)1, EthAddress.Parse(D.Identity.Signer), new byte[32], (BigInteger)OracleProofAbi.SimulatedTcbStatus, (BigInteger)(now + 30)], ct);
        var consumer = await deployer.DeployAsync("ExampleConsumer", [registry, D.FeedId, (BigInteger)3600], ct);

        // A node that serves both chains: the proof is signed for the stand-alone chain's consumer, and accepted there.
        var config = ProofSupport.NodeConfiguration(D);
        config["Relayer:Chains:1:Name"] = "standalone";
        config["Relayer:Chains:1:RpcUrl"] = chain.RpcUrl.ToString();
        config["Relayer:Chains:1:ChainId"] = chainId.ToString();
        config["Node:Registries:1:Chain"] = "standalone";
        config["Node:Registries:1:Address"] = registry.ToString();
        await using var node = await InProcessNode.StartAsync(config, w.Dir);
        var proof = Hex.Decode((string)(await node.GetProofAsync(D.FeedId, chainId, consumer))["proof"]!);
        Assert.Null(await ProofSupport.SettleRevertAsync(rpc, consumer, proof));
        Assert.True((bool)(await node.VerifyAsync(proof, chainId, consumer, 3600))["ok"]!);

        // The entry lapses.
        await rpc.SendRawAsync("evm_increaseTime", new JsonArray(120), ct);
        await rpc.SendRawAsync("evm_mine", new JsonArray(), ct);

        Assert.Equal("SignerExpired", await ProofSupport.SettleRevertAsync(rpc, consumer, proof));
        string file = Path.Combine(w.Dir, "expired.hex");
        await File.WriteAllTextAsync(file, Hex.Encode(proof));
        var verify = await cli.RunAsync(["proof", "verify", file, "--rpc", chain.RpcUrl.ToString(), "--registry", registry.ToString(), "--chain-id", chainId.ToString(),
            "--contract", consumer.ToString(), "--max-age", "3600"], w.Dir);
        Assert.True(verify.ExitCode == 1, verify.Stdout + verify.Stderr);
        Assert.Contains($"result     REFUSED {ProofCheck.SignerExpired} (SignerExpired): signer {EthAddress.Parse(D.Identity.Signer)}'s registry entry expired at {now + 30}",
            verify.Stdout, StringComparison.Ordinal);
        var verdict = await node.VerifyAsync(proof, chainId, consumer, 3600);
        Assert.Equal(ProofCheck.SignerExpired, (string)verdict["check"]!);
        Assert.Equal(now + 30, (ulong)verdict["signers"]![0]!["expiresAt"]!);
    }

    public static TheoryData<string, string, string?, int, string[]> BadHttpInput => new()
    {
        // row: method; path ({A}: a consumer, {F}: the devnet feed id); body (null: none); status; what the answer says
        { "GET", "/v1/proofs/0x" + new string('1', 64) + "?chainId=31337&contract={A}", null, 404, ["unknown_feed", "0x" + new string('1', 64), "feedId"] },
        { "GET", "/v1/proofs/{F}?chainId=31337&contract=0x1234", null, 400, ["\"parameter\":\"contract\"", "0x1234"] },
        { "GET", "/v1/proofs/{F}?chainId=31337", null, 400, ["\"parameter\":\"contract\"", "required"] },
        { "GET", "/v1/proofs/{F}?chainId=31337&contract=0x0000000000000000000000000000000000000000", null, 400, ["\"parameter\":\"contract\"", "zero address"] },
        { "GET", "/v1/proofs/{F}?chainId=mainnet&contract={A}", null, 400, ["\"parameter\":\"chainId\"", "mainnet"] },
        { "GET", "/v1/proofs/{F}?chainId=5&contract={A}", null, 400, ["\"parameter\":\"chainId\"", "not a chain this node serves", "31337 (devnet)"] },
        { "GET", "/v1/proofs/0xnotafeed?chainId=31337&contract={A}", null, 400, ["\"parameter\":\"feedId\""] },
        { "POST", "/v1/proofs/verify", "this is not JSON", 400, ["the body is not JSON"] },
        { "POST", "/v1/proofs/verify", "[1, 2]", 400, ["not a JSON object"] },
        { "POST", "/v1/proofs/verify", "{\"chainId\": 31337, \"contract\": \"{A}\"}", 400, ["\"parameter\":\"proof\"", "required"] },
        { "POST", "/v1/proofs/verify", "{\"proof\": \"0xzz\", \"chainId\": 31337, \"contract\": \"{A}\"}", 400, ["\"parameter\":\"proof\"", "not hex"] },
        { "POST", "/v1/proofs/verify", "{\"proof\": \"0x01\", \"chainId\": 31337, \"contract\": \"{A}\", \"maxAge\": -1}", 400, ["\"parameter\":\"maxAge\""] },
        { "POST", "/v1/proofs/verify", "{\"proof\": \"0x01\", \"chainId\": 31337, \"contract\": \"{A}\", \"registry\": \"hub\"}", 400, ["\"parameter\":\"registry\""] },
        { "POST", "/v1/proofs/verify", "{\"proof\": \"0x" + new string('0', 70_000) + "\", \"chainId\": 31337, \"contract\": \"{A}\"}", 413, ["body_too_large", "65536"] },
    };

    [Theory]
    [MemberData(nameof(BadHttpInput))]
    public async Task Node_AnswersBadHttpInput_WithItsStatusAndWhatIsWrong(string method, string path, string? body, int status, string[] says)
    {
        var w = await world.ReadyAsync(fx);
        string Fill(string s) => s.Replace("{A}", w.A.ToString(), StringComparison.Ordinal).Replace("{F}", Hex.Encode(D.FeedId), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null) request.Content = new StringContent(Fill(body), Encoding.UTF8, "application/json");

        using var response = await w.Node.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"HTTP {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(text)!;
        Assert.False(string.IsNullOrWhiteSpace((string?)error["error"]), text);
        foreach (var s in says) Assert.Contains(Fill(s), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_Answers429_BeyondItsConcurrencyLimit()
    {
        var w = await world.ReadyAsync(fx);
        var config = ProofSupport.NodeConfiguration(D);
        config["Node:Limits:MaxConcurrentRequests"] = "1";
        config["Node:Limits:QueueLength"] = "0";
        await using var node = await InProcessNode.StartAsync(config, w.Dir);

        // 32 proofs at once (each an enclave job of several milliseconds): one runs, the others find no slot.
        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ =>
            node.Http.GetAsync($"/v1/proofs/{Hex.Encode(D.FeedId)}?chainId={ChainId}&contract={w.A}")));
        Assert.Contains(responses, r => r.IsSuccessStatusCode);
        Assert.Contains(responses, r => (int)r.StatusCode == 429);
        var refused = responses.First(r => (int)r.StatusCode == 429);
        Assert.Contains("rate_limited", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var r in responses) r.Dispose();
    }

    [Fact]
    public async Task Grpc_AnswersBadInput_WithInvalidArgumentAndNotFound()
    {
        var w = await world.ReadyAsync(fx);
        using var channel = GrpcChannel.ForAddress(w.Node.GrpcUrl);
        var proofs = new NodeProofs.ProofsClient(channel);

        var bad = await Assert.ThrowsAsync<RpcException>(() => proofs.GetProofAsync(new GetProofRequest { FeedId = Hex.Encode(D.FeedId), ChainId = ChainId, Contract = "0x12" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("contract", bad.Status.Detail, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => proofs.GetProofAsync(new GetProofRequest { FeedId = "0x" + new string('2', 64), ChainId = ChainId, Contract = w.A.ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var malformed = await proofs.VerifyProofAsync(new VerifyProofRequest { Proof = ByteString.CopyFrom(1, 2, 3), ChainId = ChainId, Contract = w.A.ToString() });
        Assert.False(malformed.Ok);
        Assert.Equal(ProofCheck.Malformed, malformed.Check);
    }

    public static TheoryData<string[], string[]> BadCommandLines => new()
    {
        // row: arguments; what standard error must say
        { ["proof"], ["proof: expected 'proof get'"] },
        { ["proof", "fetch"], ["unknown subcommand 'fetch'"] },
        { ["proof", "get", "--feed", "0x12"], ["--node URL is required"] },
        { ["proof", "get", "--node", "http://127.0.0.1:1", "--feed", "0x12"], ["--feed 0x12", "64 hex digits"] },
        { ["proof", "get", "--node", "http://127.0.0.1:1", "--feed", "0x" + new string('a', 64), "--chain-id", "one", "--contract", "0x" + new string('b', 40)], ["--chain-id one"] },
        { ["proof", "verify", "p.hex"], ["--rpc URL is required"] },
        { ["proof", "verify", "--rpc", "http://127.0.0.1:1"], ["FILE is required"] },
        { ["proof", "verify", "p.hex", "--rpc", "http://127.0.0.1:1", "--registry", "0xnope"], ["--registry", "0xnope"] },
        { ["proof", "verify", "/nonexistent/p.hex", "--rpc", "http://127.0.0.1:1", "--registry", "0x" + new string('b', 40), "--chain-id", "1", "--contract", "0x" + new string('c', 40)], ["cannot read /nonexistent/p.hex"] },
        { ["proof", "submit", "p.hex", "--rpc", "http://127.0.0.1:1", "--contract", "0x" + new string('c', 40), "--key", "k", "--function", "settle(uint256)"], ["--function 'settle(uint256)'", "one bytes argument"] },
        { ["node"], ["node: --config FILE is required"] },
        { ["node", "--config", "/nonexistent/node.json"], ["/nonexistent/node.json", "file not found"] },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task Cli_ExitsWith2AndNamesTheArgument_WhenTheCommandLineIsBad(string[] args, string[] says)
    {
        var w = await world.ReadyAsync(fx);
        var r = await cli.RunAsync(args, w.Dir);
        Assert.True(r.ExitCode == 2, $"exit code {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        foreach (var s in says) Assert.Contains(s, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeCommand_ExitsWith2AndNamesEverySettingThatIsWrong_AndNeedsNoPayingKey()
    {
        var w = await world.ReadyAsync(fx);
        string config = Path.Combine(w.Dir, "bad-node.json");
        D.WriteRelayerConfig(config, new Dictionary<string, string?>
        {
            ["Relayer:Chains:0:PrivateKey"] = null, // a node only reads chains
            ["Node:Listen:Port"] = "70000",
            ["Node:Registries:0:Chain"] = "nowhere",
            ["Node:Registries:0:Address"] = D.Hub.ToString(),
            ["Node:Limits:ProofTimeout"] = "00:00:00",
        });

        var r = await cli.RunAsync(["node", "--config", config], w.Dir);

        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        foreach (var s in new[] { "bad configuration", "Node:Listen:Port: 70000 is not a TCP port", "Node:Registries:0:Chain: 'nowhere' names no chain in Relayer:Chains",
                     "Node:Limits:ProofTimeout: must be positive" })
            Assert.Contains(s, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("PrivateKey", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The proof, consumer, maxAge and expected feed of a refusal row.</summary>
    private async Task<(byte[] Proof, EthAddress Consumer, ulong MaxAge, byte[]? Feed)> RefusalCaseAsync(World w, string row)
    {
        async Task<byte[]> Fresh(EthAddress consumer) => Hex.Decode((string)(await w.Node.GetProofAsync(D.FeedId, ChainId, consumer))["proof"]!);
        switch (row)
        {
            case "truncated":
                return ((await Fresh(w.A))[..^1], w.A, 60, null);
            case "wrong version":
                var v2 = await Fresh(w.A);
                v2[0] = 2;
                return (v2, w.A, 60, null);
            case "stale":
                // ExampleConsumer with maxAge 1 s: wait until the chain's time is past observedAt + 1.
                var stale = await Fresh(w.Stale);
                await ProofSupport.WaitForChainTimeAfterAsync(D.Rpc, CompactProof.Decode(stale).ObservedAt + 1, TimeSpan.FromSeconds(15));
                return (stale, w.Stale, 1, null);
            case "another chain id":
                return (await ProofSupport.EnclaveProofAsync(D, 1, w.A), w.A, 60, null);
            case "another contract":
                return (await Fresh(w.A), w.B, 60, null);
            case "request proof":
                return (await ProofSupport.EnclaveProofAsync(D, ChainId, w.A, Keccak256.Hash("a request")), w.A, 60, null);
            case "error report":
                // A well-formed report with the error marker (the enclave signs those only for requests; the check
                // comes before any signature is looked at, so the signing key does not matter).
                var p = CompactProof.Decode(await Fresh(w.A)) with { SourcesHash = RequestsAbi.ErrorSourcesHash, Value = 0, Data = "job_url"u8.ToArray() };
                using (var key = EthKey.Generate())
                    return (p.WithSignatures([key.Sign(p.Digest(ChainId, w.A)).ToBytes65()]).Encode(), w.A, 60, null);
            case "another feed":
                return (await Fresh(w.OtherFeed), w.OtherFeed, 60, World.OtherFeedId);
            default:
                throw new ArgumentException(row);
        }
    }

    /// <summary>What the tests of this class share on the devnet: consumers, a paying key file, and a node in this process.</summary>
    public sealed class World : IAsyncLifetime
    {
        public static readonly byte[] OtherFeedId = Keccak256.Hash("another feed");
        private readonly SemaphoreSlim gate = new(1, 1);
        private bool ready;

        public string Dir { get; } = Directory.CreateTempSubdirectory("oracle-proof-").FullName;
        public string KeyFile => Path.Combine(Dir, "payer.key");

        /// <summary>ExampleConsumers of the devnet feed trusting the hub, maxAge 60 s.</summary>
        public EthAddress A { get; private set; }
        public EthAddress B { get; private set; }

        /// <summary>maxAge 1 s.</summary>
        public EthAddress Stale { get; private set; }

        /// <summary>Expects another feed id (<see cref="OtherFeedId"/>).</summary>
        public EthAddress OtherFeed { get; private set; }

        public InProcessNode Node { get; private set; } = null!;

        public async Task<World> ReadyAsync(DevnetFixture fx)
        {
            await gate.WaitAsync();
            try
            {
                if (ready) return this;
                var d = fx.Devnet;
                A = await ProofSupport.DeployConsumerAsync(d, d.Hub, d.FeedId, 60);
                B = await ProofSupport.DeployConsumerAsync(d, d.Hub, d.FeedId, 60);
                Stale = await ProofSupport.DeployConsumerAsync(d, d.Hub, d.FeedId, 1);
                OtherFeed = await ProofSupport.DeployConsumerAsync(d, d.Hub, OtherFeedId, 60);
                await File.WriteAllTextAsync(KeyFile, d.Anvil.DevKeys[2] + "\n");
                Node = await InProcessNode.StartAsync(ProofSupport.NodeConfiguration(d), Dir);
                ready = true;
                return this;
            }
            finally
            {
                gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (Node is not null) await Node.DisposeAsync();
            try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
