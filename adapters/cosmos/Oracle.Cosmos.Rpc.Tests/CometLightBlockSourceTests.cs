using System.Text.Json;
using System.Text.Json.Nodes;
using Oracle.Ibc.Tendermint;
using Xunit.Abstractions;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>
/// Light blocks through the RPC client: every step of tendermint-rs's single-step vectors served by a WireMock node in
/// CometBFT 0.38's JSON (<c>/commit</c>, <c>/validators</c> for the height and the next), read by
/// <see cref="CometLightBlockSource"/>, and verified by the light client with the verdict the vector expects.
/// </summary>
public sealed class CometLightBlockSourceTests(ITestOutputHelper output) : IDisposable
{
    private readonly CometNodeStub _node = new();

    public void Dispose() => _node.Dispose();

    private static string VectorsDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Oracle.sln")))
            dir = dir.Parent;
        string path = Path.GetFullPath(Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Oracle.sln not found"),
            "..", "shared", "vectors", "tendermint-light", "light-client", "tests", "support", "model_based", "single_step"));
        return Directory.Exists(path) ? path : throw new InvalidOperationException("single_step vectors not found at " + path);
    }

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(VectorsDir(), "*.json").Select(f => new object[] { Path.GetFileName(f) }).OrderBy(f => (string)f[0]);

    // tendermint-rs writes a block id's parts as "part_set_header" and omits proposer_priority; a CometBFT 0.38
    // node writes "parts" and always has the priority. Serve what a node serves.
    private static JsonNode AsNode(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                    copy[k == "part_set_header" ? "parts" : k] = v is null ? null : AsNode(v);
                if (copy.ContainsKey("pub_key") && copy.ContainsKey("voting_power") && !copy.ContainsKey("proposer_priority"))
                    copy["proposer_priority"] = "0";
                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(x => x is null ? null : AsNode(x)).ToArray());
            default:
                return node.DeepClone();
        }
    }

    private void Serve(JsonObject block, long height)
    {
        var signedHeader = AsNode(block["signed_header"]!);
        var sets = new Dictionary<string, JsonNode>
        {
            [height.ToString()] = AsNode(block["validator_set"]!["validators"]!),
            [(height + 1).ToString()] = AsNode(block["next_validator_set"]!["validators"]!),
        };
        _node.OnResult("commit", p => new JsonObject { ["signed_header"] = signedHeader.DeepClone(), ["canonical"] = true }.ToJsonString());
        _node.OnResult("validators", p =>
        {
            string h = (string)p["height"]!;
            var list = sets[h].AsArray();
            return new JsonObject
            {
                ["block_height"] = h,
                ["validators"] = list.DeepClone(),
                ["count"] = list.Count.ToString(),
                ["total"] = list.Count.ToString(),
            }.ToJsonString();
        });
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task SingleStepVector_ThroughTheRpcSource_GivesTheModelsVerdict(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(VectorsDir(), file)))!.AsObject();
        var initial = root["initial"]!;
        var next = TendermintJson.ReadValidatorSet(JsonDocument.Parse(initial["next_validator_set"]!.ToJsonString()).RootElement);
        var header = TendermintJson.ReadSignedHeader(JsonDocument.Parse(initial["signed_header"]!.ToJsonString()).RootElement);
        var trusted = TrustedState.FromBlock(new LightClientBlock(header, next, next));
        var trustingPeriod = TimeSpan.FromTicks(long.Parse((string)initial["trusting_period"]!) / 100);
        var source = new CometLightBlockSource(_node.Client());

        foreach (var (input, i) in root["input"]!.AsArray().Select((x, i) => (x!.AsObject(), i)))
        {
            var block = input["block"]!.AsObject();
            long height = long.Parse((string)block["signed_header"]!["header"]!["height"]!);
            Serve(block, height);
            var fetched = await source.GetLightBlockAsync(height, CancellationToken.None);
            // The same block as the vector's, read straight from its JSON, but for the proposer: /validators does
            // not name one, and no hash or signature covers it.
            var expectedBlock = TendermintJson.ReadLightBlock(JsonDocument.Parse(block.ToJsonString()).RootElement);
            expectedBlock.Validators.Proposer = null;
            expectedBlock.NextValidators?.Proposer = null;
            Assert.Equal(expectedBlock, fetched);

            var now = TendermintJson.ReadTime(JsonDocument.Parse(input["now"]!.ToJsonString()).RootElement);
            var result = LightClient.Verify(trusted, fetched, new LightClientOptions { TrustingPeriod = trustingPeriod, MaxClockDrift = TimeSpan.Zero, Now = now });
            string expected = (string)input["verdict"]!;
            output.WriteLine($"step {i}: height {height}: expected {expected}, got {result}");
            Assert.Equal(expected, result.Verdict switch
            {
                Verdict.Success => "SUCCESS",
                Verdict.NotEnoughTrust => "NOT_ENOUGH_TRUST",
                _ => "INVALID",
            });
            if (result.IsOk)
                trusted = TrustedState.FromBlock(fetched);
        }
    }

    [Fact]
    public async Task ANodeServingAnotherHeightOrATamperedHeader_IsCaught()
    {
        var file = Path.Combine(VectorsDir(), "MC4_4_faulty_TestSuccess.json");
        var root = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var block = root["input"]!.AsArray()[1]!["block"]!.AsObject();
        long height = long.Parse((string)block["signed_header"]!["header"]!["height"]!);
        var source = new CometLightBlockSource(_node.Client());

        Serve(block, height);
        var other = await Assert.ThrowsAsync<TendermintException>(async () => await source.GetLightBlockAsync(height + 7, CancellationToken.None));
        Assert.Equal(TendermintError.InvalidHeight, other.Error);

        var tampered = (JsonObject)block.DeepClone();
        tampered["signed_header"]!["header"]!["app_hash"] = new string('A', 64);
        Serve(tampered, height);
        var fetched = await source.GetLightBlockAsync(height, CancellationToken.None);
        var initial = root["initial"]!;
        var next = TendermintJson.ReadValidatorSet(JsonDocument.Parse(initial["next_validator_set"]!.ToJsonString()).RootElement);
        var trusted = TrustedState.FromBlock(new LightClientBlock(
            TendermintJson.ReadSignedHeader(JsonDocument.Parse(initial["signed_header"]!.ToJsonString()).RootElement), next, next));
        var now = TendermintJson.ReadTime(JsonDocument.Parse(root["input"]!.AsArray()[1]!["now"]!.ToJsonString()).RootElement);
        var result = LightClient.Verify(trusted, fetched, new LightClientOptions
        {
            TrustingPeriod = TimeSpan.FromTicks(long.Parse((string)initial["trusting_period"]!) / 100),
            MaxClockDrift = TimeSpan.Zero,
            Now = now,
        });
        Assert.Equal(Verdict.Invalid, result.Verdict);
        output.WriteLine(result.ToString());
    }
}
