using System.Text.Json.Nodes;
using Oracle.Evm.Tests.Support;

namespace Oracle.Evm.Tests.Differential;

public sealed class AbiDifferentialTests
{
    [Fact]
    public void EncodeAndDecode_MatchEthersAbiCoder_ForRandomTypesAndValues()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var cases = Enumerable.Range(0, 300).Select(_ =>
        {
            var types = Enumerable.Range(0, 1 + random.Int(4)).Select(_ => random.AbiType()).ToList();
            return (Types: types, Values: types.Select(random.AbiValue).ToArray());
        }).ToList();
        var encoded = cases.Select(c => AbiCodec.Encode(c.Types, c.Values)).ToList();
        var peerCases = new List<JsonObject>();
        for (var i = 0; i < cases.Count; i++)
        {
            var types = new JsonArray([.. cases[i].Types.Select(t => JsonValue.Create(t.CanonicalName))]);
            peerCases.Add(new JsonObject { ["kind"] = "abiEncode", ["types"] = types, ["values"] = PeerJson.Of(cases[i].Values) });
            peerCases.Add(new JsonObject { ["kind"] = "abiDecode", ["types"] = types.DeepClone(), ["data"] = Hex.Encode(encoded[i]) });
        }
        var results = EthersPeer.Run(peerCases);
        for (var i = 0; i < cases.Count; i++)
        {
            var context = $"seed {seed}, case {i}: ({string.Join(",", cases[i].Types)}) = {PeerJson.Canonical(cases[i].Values)}";
            Assert.True(results[2 * i].Str("encoded", context) == Hex.Encode(encoded[i]), context);
            // ethers decodes our bytes to the same values, and we decode them back.
            Assert.True(System.Text.Json.Nodes.JsonNode.Parse(results[2 * i + 1].GetProperty("values").GetRawText())!.ToJsonString() == PeerJson.Canonical(cases[i].Values), context);
            Assert.True(PeerJson.Canonical(AbiCodec.Decode(cases[i].Types, encoded[i])) == PeerJson.Canonical(cases[i].Values), context);
        }
    }

    [Fact]
    public void DecodeRevert_MatchesEthersInterface_ForErrorPanicAndCustomErrors()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var cases = new List<(string Signature, object?[] Args)>();
        for (var i = 0; i < 240; i++)
        {
            switch (i % 3)
            {
                case 0:
                    cases.Add(("Error(string)", [random.Text()]));
                    break;
                case 1:
                    cases.Add(("Panic(uint256)", [random.Unsigned(256)]));
                    break;
                default:
                    var types = Enumerable.Range(0, random.Int(4)).Select(_ => random.AbiType(1)).ToList();
                    var name = "Custom" + random.Int(1000);
                    cases.Add(($"{name}({string.Join(",", types)})", types.Select(random.AbiValue).ToArray()));
                    break;
            }
        }
        var results = EthersPeer.Run(cases.Select(c => new JsonObject
        {
            ["kind"] = "error",
            ["signature"] = c.Signature,
            ["args"] = PeerJson.Of(c.Args),
        }).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            var context = $"seed {seed}, case {i}: {cases[i].Signature} {PeerJson.Canonical(cases[i].Args)}";
            var data = Hex.Decode(results[i].Str("data", context));
            Assert.True(Hex.Encode(Abi.EncodeError(cases[i].Signature, cases[i].Args)) == Hex.Encode(data), context);
            var reason = Abi.DecodeRevert(data, cases[i].Signature, "Other(uint8)");
            Assert.True(reason.Name == AbiSignature.Parse(cases[i].Signature).Name, context);
            Assert.True(PeerJson.Canonical(reason.Args) == PeerJson.Canonical(cases[i].Args), context);
            Assert.Equal(data, reason.Raw);
        }
    }

    [Fact]
    public void DecodeLog_MatchesEthersEncodeEventLog_ForRandomEvents()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var cases = new List<(string Signature, object?[] Args, bool[] Indexed)>();
        for (var i = 0; i < 200; i++)
        {
            var types = Enumerable.Range(0, 1 + random.Int(5)).Select(_ => random.AbiType(1)).ToList();
            var indexedCount = 0;
            // ethers does not encode indexed tuples or arrays ("not implemented"), so only elementary types are indexed.
            var indexed = types.Select(t => t.Kind is not (AbiTypeKind.Tuple or AbiTypeKind.Array)
                && indexedCount < 3 && random.Chance(0.4) && ++indexedCount > 0).ToArray();
            var parameters = types.Select((t, j) => $"{t}{(indexed[j] ? " indexed" : "")} p{j}");
            cases.Add(($"Happened{i}({string.Join(", ", parameters)})", types.Select(random.AbiValue).ToArray(), indexed));
        }
        var results = EthersPeer.Run(cases.Select(c => new JsonObject
        {
            ["kind"] = "log",
            ["signature"] = c.Signature,
            ["args"] = PeerJson.Of(c.Args),
        }).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            var context = $"seed {seed}, case {i}: {cases[i].Signature} {PeerJson.Canonical(cases[i].Args)}";
            var data = Hex.Decode(results[i].Str("data", context));
            var topics = results[i].GetProperty("topics").EnumerateArray().Select(t => Hex.Decode(t.GetString()!)).ToList();
            Assert.True(Hex.Encode(Abi.EventTopic(cases[i].Signature)) == Hex.Encode(topics[0]), context);
            var decoded = Abi.DecodeLog(cases[i].Signature, topics, data);
            var signature = AbiSignature.Parse(cases[i].Signature);
            for (var j = 0; j < cases[i].Args.Length; j++)
            {
                var type = signature.Parameters[j].Type;
                // An indexed string or bytes is only its Keccak-256 in the log.
                var expected = cases[i].Indexed[j] && type.IsDynamic
                    ? Keccak256.Hash(cases[i].Args[j] as byte[] ?? System.Text.Encoding.UTF8.GetBytes((string)cases[i].Args[j]!))
                    : cases[i].Args[j];
                Assert.True(PeerJson.Canonical(decoded.Args[j]) == PeerJson.Canonical(expected), $"{context}, argument {j}");
                Assert.Equal($"p{j}", decoded.Names[j]);
            }
        }
    }
}
