using System.Numerics;
using System.Text.Json.Nodes;
using Oracle.Evm.Tests.Support;

namespace Oracle.Evm.Tests.Differential;

public sealed class Eip712DifferentialTests
{
    [Fact]
    public void ReportDigest_MatchesEthersTypedDataEncoder_ForRandomReports()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var reports = Enumerable.Range(0, 250).Select(_ => new
        {
            ChainId = random.Chance(0.5) ? 31337 : BigInteger.One + random.Unsigned(64),
            Contract = random.Address(),
            FeedId = random.Bytes(32),
            RequestId = random.Chance(0.5) ? new byte[32] : random.Bytes(32),
            Round = (ulong)random.Unsigned(64),
            Value = random.Signed(256),
            Data = random.Bytes(random.Length()),
            ObservedAt = (ulong)random.Unsigned(64),
            SourcesHash = random.Bytes(32),
        }).ToList();
        var reportTypes = new JsonObject
        {
            ["Report"] = Fields(Eip712Types.Parse(Eip712.ReportType), "Report"),
        };
        var results = EthersPeer.Run(reports.Select(r => new JsonObject
        {
            ["kind"] = "eip712",
            ["domain"] = Domain("AttestedOracle", "1", r.ChainId, r.Contract),
            ["types"] = reportTypes.DeepClone(),
            ["value"] = new JsonObject
            {
                ["feedId"] = Hex.Encode(r.FeedId),
                ["requestId"] = Hex.Encode(r.RequestId),
                ["round"] = new JsonObject { ["i"] = r.Round.ToString() },
                ["value"] = new JsonObject { ["i"] = r.Value.ToString() },
                ["data"] = Hex.Encode(r.Data),
                ["observedAt"] = new JsonObject { ["i"] = r.ObservedAt.ToString() },
                ["sourcesHash"] = Hex.Encode(r.SourcesHash),
            },
        }).ToList());
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            var context = $"seed {seed}, case {i}";
            var digest = Eip712.ReportDigest(r.ChainId, r.Contract, r.FeedId, r.RequestId, r.Round, r.Value, r.Data, r.ObservedAt, r.SourcesHash);
            Assert.True(results[i].Str("digest", context) == Hex.Encode(digest), context);
            Assert.True(results[i].Str("encodeType", context) == Eip712.ReportType, context);
        }
    }

    [Fact]
    public void TypedDataHash_MatchesEthers_ForRandomNestedStructTypes()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var cases = Enumerable.Range(0, 200).Select(_ => RandomCase(random)).ToList();
        var results = EthersPeer.Run(cases.Select(c => new JsonObject
        {
            ["kind"] = "eip712",
            ["domain"] = Domain(c.Name, c.Version, c.ChainId, c.Contract),
            ["types"] = new JsonObject(c.Types.Structs.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Fields(c.Types, s.Key)))),
            ["value"] = ValueJson(c.Value),
        }).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var context = $"seed {seed}, case {i}: {Eip712.EncodeType(c.Types, c.Primary)}";
            Assert.True(results[i].Str("encodeType", context) == Eip712.EncodeType(c.Types, c.Primary), context);
            var domain = Eip712.DomainSeparator(c.Name, c.Version, c.ChainId, c.Contract);
            Assert.True(results[i].Str("digest", context) == Hex.Encode(Eip712.TypedDataHash(domain, c.Types, c.Primary, c.Value)), context);
        }
    }

    private sealed record Case(string Name, string Version, BigInteger ChainId, EthAddress Contract, Eip712Types Types, string Primary, Dictionary<string, object?> Value);

    private static Case RandomCase(RandomValues random)
    {
        // Struct 0 is primary; struct j > 0 is referenced by some struct before it, so there is a single root and no cycle.
        var count = 1 + random.Int(3);
        var names = Enumerable.Range(0, count).Select(j => $"{(char)('A' + random.Int(26))}{"xyz"[random.Int(3)]}{j}").ToList();
        var fields = names.ToDictionary(n => n, _ => new List<Eip712Field>());
        for (var j = 0; j < count; j++)
        {
            var fieldCount = 1 + random.Int(5);
            for (var f = 0; f < fieldCount; f++)
            {
                fields[names[j]].Add(new Eip712Field($"f{f}", AtomicType(random) + (random.Chance(0.15) ? "[]" : "")));
            }
        }
        for (var j = 1; j < count; j++)
        {
            var parent = names[random.Int(j)];
            fields[parent].Insert(random.Int(fields[parent].Count + 1), new Eip712Field($"ref{j}", names[j] + (random.Chance(0.3) ? "[]" : "")));
        }
        var types = new Eip712Types(fields.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Eip712Field>)kv.Value));
        return new Case(random.Text(), random.Text(), BigInteger.One + random.Unsigned(64), random.Address(), types, names[0],
            StructValue(random, types, names[0]));
    }

    private static string AtomicType(RandomValues random) => random.Int(8) switch
    {
        0 => $"uint{8 * (1 + random.Int(32))}",
        1 => $"int{8 * (1 + random.Int(32))}",
        2 => "address",
        3 => "bool",
        4 => $"bytes{1 + random.Int(32)}",
        5 => "bytes",
        6 => "string",
        _ => "uint256",
    };

    private static Dictionary<string, object?> StructValue(RandomValues random, Eip712Types types, string name) =>
        types.Fields(name).ToDictionary(f => f.Name, f => FieldValue(random, types, f.Type));

    private static object? FieldValue(RandomValues random, Eip712Types types, string type)
    {
        if (type.EndsWith("[]"))
        {
            return Enumerable.Range(0, random.Int(3)).Select(_ => FieldValue(random, types, type[..^2])).ToArray();
        }
        return types.IsStruct(type) ? StructValue(random, types, type) : random.AbiValue(AbiType.Parse(type));
    }

    private static JsonNode? ValueJson(object? value) => value switch
    {
        Dictionary<string, object?> s => new JsonObject(s.Select(kv => KeyValuePair.Create(kv.Key, ValueJson(kv.Value)))),
        object?[] list => new JsonArray([.. list.Select(ValueJson)]),
        _ => PeerJson.Of(value),
    };

    private static JsonArray Fields(Eip712Types types, string name) =>
        new([.. types.Fields(name).Select(f => new JsonObject { ["name"] = f.Name, ["type"] = f.Type })]);

    private static JsonObject Domain(string name, string version, BigInteger chainId, EthAddress contract) => new()
    {
        ["name"] = name,
        ["version"] = version,
        ["chainId"] = chainId.ToString(),
        ["verifyingContract"] = contract.ToString(),
    };
}
