using System.Text.Json;
using Oracle.Cosmos.Tests.Support;
using Keccak256 = Oracle.Evm.Keccak256;

namespace Oracle.Cosmos.Tests.Keys;

/// <summary>cosmjs keccak.json: Keccak-256 (Ethereum's, not SHA3-256), checked with Oracle.Evm's Keccak256.</summary>
public sealed class KeccakVectorTests
{
    public static TheoryData<string, string> Vectors()
    {
        var doc = JsonDocument.Parse(File.ReadAllText(RepoRoot.Vector("cosmjs-crypto", "packages", "crypto", "src", "testdata", "keccak.json"))).RootElement;
        var data = new TheoryData<string, string>();
        foreach (var v in doc.GetProperty("keccak256").EnumerateArray())
        {
            data.Add(v.GetProperty("in").GetString()!, v.GetProperty("out").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Keccak256_MatchesCosmjsVector(string input, string output) =>
        Assert.Equal(output, Hex.Of(Keccak256.Hash(Hex.Bytes(input))));
}
