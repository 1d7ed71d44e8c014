using System.Text.Json.Nodes;
using Oracle.Evm.Tests.Support;

namespace Oracle.Evm.Tests.Differential;

public sealed class KeyDifferentialTests
{
    [Fact]
    public void Sign_MatchesEthersSigningKey_ForRandomKeysAndDigests()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var cases = Enumerable.Range(0, 250).Select(_ => (Key: random.PrivateKey(), Digest: random.Bytes(32))).ToList();
        var results = EthersPeer.Run(cases.Select(c => new JsonObject
        {
            ["kind"] = "key",
            ["privateKey"] = Hex.Encode(c.Key),
            ["digest"] = Hex.Encode(c.Digest),
        }).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            var context = $"seed {seed}, case {i}: key {Hex.Encode(cases[i].Key)} digest {Hex.Encode(cases[i].Digest)}";
            using var key = EthKey.FromPrivateKey(cases[i].Key);
            var signature = key.Sign(cases[i].Digest);
            Assert.True(results[i].Str("publicKey", context) == "0x04" + Hex.Encode(key.PublicKey)[2..], context);
            Assert.True(results[i].Str("address", context) == key.Address.ToString(), context);
            Assert.True(results[i].Str("r", context) == Hex.Encode(signature.R), context);
            Assert.True(results[i].Str("s", context) == Hex.Encode(signature.S), context);
            Assert.True(results[i].GetProperty("v").GetInt32() == signature.V, context);
            Assert.True(signature.IsLowS, context);
            Assert.Equal(key.Address, signature.Recover(cases[i].Digest));
            Assert.Equal(key.Address, EthSignature.FromBytes65(signature.ToBytes65()).Recover(cases[i].Digest));
        }
    }

    [Fact]
    public void AddressToString_MatchesEthersGetAddress_ForRandomAddresses()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var addresses = Enumerable.Range(0, 300).Select(_ => random.Address()).ToList();
        var results = EthersPeer.Run(addresses.Select(a => new JsonObject { ["kind"] = "checksum", ["address"] = a.ToLowerHex() }).ToList());
        for (var i = 0; i < addresses.Count; i++)
        {
            var context = $"seed {seed}, case {i}";
            var expected = results[i].Str("address", context);
            Assert.True(expected == addresses[i].ToString(), context);
            Assert.Equal(addresses[i], EthAddress.Parse(expected));
        }
    }
}
