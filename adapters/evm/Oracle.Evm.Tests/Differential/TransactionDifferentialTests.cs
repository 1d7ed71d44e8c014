using System.Numerics;
using System.Text.Json.Nodes;
using Oracle.Evm.Tests.Support;

namespace Oracle.Evm.Tests.Differential;

public sealed class TransactionDifferentialTests
{
    [Fact]
    public void Sign_MatchesEthersTransaction_ForRandomType2Transactions()
    {
        var seed = Seeds.Next();
        var random = new RandomValues(seed);
        var cases = Enumerable.Range(0, 250).Select(_ => (Key: random.PrivateKey(), Tx: RandomTransaction(random))).ToList();
        var results = EthersPeer.Run(cases.Select(c => new JsonObject
        {
            ["kind"] = "tx",
            ["privateKey"] = Hex.Encode(c.Key),
            ["chainId"] = c.Tx.ChainId.ToString(),
            ["nonce"] = c.Tx.Nonce.ToString(),
            ["maxPriorityFeePerGas"] = c.Tx.MaxPriorityFeePerGas.ToString(),
            ["maxFeePerGas"] = c.Tx.MaxFeePerGas.ToString(),
            ["gasLimit"] = c.Tx.GasLimit.ToString(),
            ["to"] = c.Tx.To?.ToString(),
            ["value"] = c.Tx.Value.ToString(),
            ["data"] = Hex.Encode(c.Tx.Data),
            ["accessList"] = new JsonArray([.. c.Tx.AccessList.Select(e => new JsonObject
            {
                ["address"] = e.Address.ToString(),
                ["storageKeys"] = new JsonArray([.. e.StorageKeys.Select(k => JsonValue.Create(Hex.Encode(k)))]),
            })]),
        }).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            var context = $"seed {seed}, case {i}: {cases[i].Tx}";
            using var key = EthKey.FromPrivateKey(cases[i].Key);
            Assert.True(results[i].Str("unsignedHash", context) == Hex.Encode(cases[i].Tx.SigningHash()), context);
            var signed = cases[i].Tx.Sign(key);
            Assert.True(results[i].Str("r", context) == Hex.Encode(signed.Signature.R), context);
            Assert.True(results[i].Str("s", context) == Hex.Encode(signed.Signature.S), context);
            Assert.True(results[i].GetProperty("v").GetInt32() == signed.Signature.V, context);
            Assert.True(results[i].Str("serialized", context) == Hex.Encode(signed.RawBytes), context);
            Assert.True(results[i].Str("hash", context) == signed.Hash, context);
            Assert.True(results[i].Str("from", context) == key.Address.ToString(), context);

            var decoded = Eip1559Transaction.Decode(Hex.Decode(results[i].Str("serialized", context)));
            Assert.Equal(signed.Hash, decoded.Hash);
            Assert.Equal(key.Address, decoded.From);
            Assert.Equal(cases[i].Tx.To, decoded.Transaction.To);
            Assert.Equal(cases[i].Tx.Data, decoded.Transaction.Data);
            Assert.Equal(cases[i].Tx.AccessList.Count, decoded.Transaction.AccessList.Count);
        }
    }

    private static Eip1559Transaction RandomTransaction(RandomValues random)
    {
        var priority = random.Unsigned(128);
        return new Eip1559Transaction
        {
            ChainId = random.Chance(0.3) ? 31337 : BigInteger.One + random.Unsigned(64) % ulong.MaxValue,
            Nonce = (ulong)(random.Unsigned(53) % (1UL << 53)),
            MaxPriorityFeePerGas = priority,
            MaxFeePerGas = priority + random.Unsigned(128),
            GasLimit = (ulong)random.Unsigned(64),
            To = random.Chance(0.2) ? null : random.Address(),
            Value = random.Unsigned(200),
            Data = random.Bytes(random.Length()),
            AccessList = Enumerable.Range(0, random.Chance(0.5) ? 0 : random.Int(4))
                .Select(_ => new AccessListEntry(random.Address(), Enumerable.Range(0, random.Int(4)).Select(_ => random.Bytes(32)).ToList()))
                .ToList(),
        };
    }
}
