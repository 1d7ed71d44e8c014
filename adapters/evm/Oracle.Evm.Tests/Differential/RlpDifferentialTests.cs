using System.Numerics;
using System.Text.Json.Nodes;
using Oracle.Evm.Tests.Support;

namespace Oracle.Evm.Tests.Differential;

public sealed class RlpDifferentialTests
{
    [Fact]
    public void Encode_MatchesEthers_ForRandomTrees()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var trees = new List<(object Value, JsonNode Json)>();
        for (var i = 0; i < 300; i++)
        {
            trees.Add(Tree(random, 3));
        }
        var results = EthersPeer.Run(trees.Select(t => new JsonObject { ["kind"] = "rlp", ["tree"] = t.Json.DeepClone() }).ToList());
        for (var i = 0; i < trees.Count; i++)
        {
            var context = $"seed {seed}, case {i}: {trees[i].Json.ToJsonString()[..Math.Min(200, trees[i].Json.ToJsonString().Length)]}";
            var expected = results[i].Str("encoded", context);
            var encoded = Rlp.Encode(trees[i].Value);
            Assert.True(expected == Hex.Encode(encoded), context);
            // Decoding gives back the same tree of byte strings.
            Assert.Equal(expected, Hex.Encode(Rlp.Encode(Rlp.Decode(encoded))));
        }
    }

    private static (object Value, JsonNode Json) Tree(RandomValues random, int depth)
    {
        switch (random.Int(depth > 0 ? 4 : 2))
        {
            case 0:
                var bytes = random.Chance(0.3) ? [(byte)random.Int(256)] : random.Bytes(random.Length());
                return (bytes, JsonValue.Create(Hex.Encode(bytes)));
            case 1:
                var number = random.Unsigned(8 * (1 + random.Int(32)));
                return (number, new JsonObject { ["i"] = number.ToString() });
            default:
                var count = random.Chance(0.1) ? 30 : random.Int(5);
                var children = Enumerable.Range(0, count).Select(_ => Tree(random, depth - 1)).ToList();
                return (children.Select(c => c.Value).ToList(), new JsonArray([.. children.Select(c => c.Json)]));
        }
    }
}
