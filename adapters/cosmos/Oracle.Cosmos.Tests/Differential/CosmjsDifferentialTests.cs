using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Protos.Bank.V1Beta1;
using Oracle.Cosmos.Protos.Base.V1Beta1;
using Oracle.Cosmos.Protos.Tx.Signing.V1Beta1;
using Oracle.Cosmos.Protos.Wasm.V1;
using Oracle.Cosmos.Tests.Support;
using Oracle.Cosmos.Tx;
using Xunit.Abstractions;

namespace Oracle.Cosmos.Tests.Differential;

/// <summary>
/// One batch of random transactions, computed here and by cosmjs (one node process for the whole batch), shared by
/// the direct-mode and amino-mode tests.
/// </summary>
public sealed class CosmjsBatch
{
    public const int Count = 220;

    public CosmjsBatch()
    {
        Seed = Seeds.Next();
        var random = new RandomTxs(Seed);
        var cases = new JsonArray();
        for (int i = 0; i < Count; i++)
        {
            var tx = random.Next();
            var ours = Ours.Compute(tx);
            Cases.Add(ours);
            cases.Add(ToJson(tx, ours));
        }
        Results = CosmjsPeer.Run(cases);
    }

    public int Seed { get; }

    public List<Ours> Cases { get; } = [];

    public IReadOnlyList<JsonElement> Results { get; }

    private static JsonArray CoinsJson(IEnumerable<Coin> coins) =>
        [.. coins.Select(c => (JsonNode)new JsonObject { ["denom"] = c.Denom, ["amount"] = c.Amount })];

    private static JsonObject ToJson(RandomTx tx, Ours ours) => new()
    {
        ["mnemonic"] = tx.Mnemonic.Phrase,
        ["passphrase"] = tx.Passphrase,
        ["path"] = tx.Path,
        ["prefix"] = tx.Prefix,
        ["chainId"] = tx.ChainId,
        ["accountNumber"] = tx.AccountNumber.ToString(CultureInfo.InvariantCulture),
        ["sequence"] = tx.Sequence.ToString(CultureInfo.InvariantCulture),
        ["memo"] = tx.Memo,
        ["timeoutHeight"] = tx.TimeoutHeight.ToString(CultureInfo.InvariantCulture),
        ["msgs"] = new JsonArray([.. ours.Messages.Select(m => (JsonNode)(m switch
        {
            MsgSend s => new JsonObject { ["kind"] = "send", ["from"] = s.FromAddress, ["to"] = s.ToAddress, ["amount"] = CoinsJson(s.Amount) },
            MsgExecuteContract e => new JsonObject { ["kind"] = "exec", ["sender"] = e.Sender, ["contract"] = e.Contract, ["msg"] = e.Msg.ToStringUtf8(), ["funds"] = CoinsJson(e.Funds) },
            _ => throw new InvalidOperationException(),
        }))]),
        ["fee"] = new JsonObject
        {
            ["amount"] = CoinsJson(tx.FeeAmount),
            ["gas"] = tx.Gas.ToString(CultureInfo.InvariantCulture),
            ["payer"] = tx.Payer,
            ["granter"] = tx.Granter,
        },
        ["ours"] = new JsonObject
        {
            ["signBytes"] = Hex.Of(ours.SignBytes),
            ["signature"] = Hex.Of(ours.Signature),
            ["aminoSignBytes"] = Hex.Of(ours.AminoSignBytes),
            ["aminoSignature"] = Hex.Of(ours.AminoSignature),
        },
    };

    /// <summary>What this library computes for one random transaction.</summary>
    public sealed record Ours(
        RandomTx Tx,
        string Address,
        Secp256k1PublicKey PublicKey,
        List<IMessage> Messages,
        byte[] BodyBytes,
        byte[] AuthInfoBytes,
        byte[] SignBytes,
        byte[] Signature,
        byte[] TxRaw,
        byte[] AminoSignBytes,
        byte[] AminoSignature)
    {
        public static Ours Compute(RandomTx tx)
        {
            using var account = HdAccount.FromMnemonic(tx.Mnemonic, Bip32Path.Parse(tx.Path), tx.Prefix, tx.Passphrase);
            var messages = tx.Messages(account.Address);
            var builder = new TxBuilder()
                .WithMemo(tx.Memo)
                .WithTimeoutHeight(tx.TimeoutHeight)
                .WithFee(tx.FeeAmount, tx.Gas, tx.Payer, tx.Granter)
                .WithSigner(account.PublicKey, tx.Sequence, SignMode.Direct);
            messages.ForEach(m => builder.AddMessage(m));
            var doc = builder.ToSignDoc(tx.ChainId, tx.AccountNumber);
            var signed = doc.Sign(account.Key);
            var amino = new AminoSignDoc(
                tx.ChainId, tx.AccountNumber, tx.Sequence, tx.FeeAmount, tx.Gas, messages.Select(AminoMsgs.From), tx.Memo,
                tx.TimeoutHeight, tx.Payer == "" ? null : tx.Payer, tx.Granter == "" ? null : tx.Granter);
            return new Ours(
                tx, account.Address.Bech32Text, account.PublicKey, messages, doc.BodyBytes.ToArray(), doc.AuthInfoBytes.ToArray(),
                doc.SignBytes(), signed.Signatures[0], signed.ToTxRawBytes(), amino.SignBytes(), amino.Sign(account.Key));
        }
    }
}

public sealed class CosmjsDifferentialTests(CosmjsBatch batch, ITestOutputHelper output) : IClassFixture<CosmjsBatch>
{
    [Fact]
    public void DirectMode_MatchesCosmjsProtoSigning_ForRandomTransactions()
    {
        output.WriteLine($"seed {batch.Seed} ({CosmjsBatch.Count} cases; rerun with ORACLE_TEST_SEED={batch.Seed})");
        for (int i = 0; i < batch.Cases.Count; i++)
        {
            var ours = batch.Cases[i];
            var theirs = batch.Results[i];
            var context = $"seed {batch.Seed}, case {i}: path {ours.Tx.Path}, prefix {ours.Tx.Prefix}, chain {ours.Tx.ChainId}";
            Assert.True(theirs.Str("address", context) == ours.Address, context + ": address");
            Assert.True(theirs.Str("pubkey", context) == Hex.Of(ours.PublicKey.Compressed), context + ": pubkey");
            Assert.True(theirs.Str("bodyBytes", context) == Hex.Of(ours.BodyBytes), context + ": bodyBytes");
            Assert.True(theirs.Str("authInfoBytes", context) == Hex.Of(ours.AuthInfoBytes), context + ": authInfoBytes");
            Assert.True(theirs.Str("signBytes", context) == Hex.Of(ours.SignBytes), context + ": signBytes");
            Assert.True(theirs.Str("signature", context) == Hex.Of(ours.Signature), context + ": signature");
            Assert.True(theirs.Str("txRaw", context) == Hex.Of(ours.TxRaw), context + ": txRaw");

            Assert.True(theirs.GetProperty("acceptsOursDirect").GetBoolean(), context + ": cosmjs rejects our direct signature");
            Assert.True(theirs.GetProperty("rejectsTamperedDirect").GetBoolean(), context + ": cosmjs accepts a tampered direct message");
            var theirSignature = Hex.Bytes(theirs.Str("signature", context));
            Assert.True(ours.PublicKey.Verify(ours.SignBytes, theirSignature), context + ": we reject cosmjs's direct signature");
            Assert.Equal(KeyError.SignatureMismatch, ours.PublicKey.Check(Tampered(ours.SignBytes), theirSignature));
        }
    }

    [Fact]
    public void AminoJsonMode_MatchesCosmjsAmino_ForRandomTransactions()
    {
        output.WriteLine($"seed {batch.Seed} ({CosmjsBatch.Count} cases; rerun with ORACLE_TEST_SEED={batch.Seed})");
        for (int i = 0; i < batch.Cases.Count; i++)
        {
            var ours = batch.Cases[i];
            var theirs = batch.Results[i];
            var context = $"seed {batch.Seed}, case {i}";
            var theirBytes = theirs.Str("aminoSignBytes", context);
            Assert.True(theirBytes == Hex.Of(ours.AminoSignBytes),
                $"{context}: amino sign bytes differ\n ours:   {System.Text.Encoding.UTF8.GetString(ours.AminoSignBytes)}\n cosmjs: {System.Text.Encoding.UTF8.GetString(Hex.Bytes(theirBytes))}");
            Assert.True(theirs.Str("aminoSignature", context) == Hex.Of(ours.AminoSignature), context + ": amino signature");

            Assert.True(theirs.GetProperty("acceptsOursAmino").GetBoolean(), context + ": cosmjs rejects our amino signature");
            Assert.True(theirs.GetProperty("rejectsTamperedAmino").GetBoolean(), context + ": cosmjs accepts a tampered amino document");
            var theirSignature = Hex.Bytes(theirs.Str("aminoSignature", context));
            Assert.True(ours.PublicKey.Verify(ours.AminoSignBytes, theirSignature), context + ": we reject cosmjs's amino signature");
            Assert.Equal(KeyError.SignatureMismatch, ours.PublicKey.Check(Tampered(ours.AminoSignBytes), theirSignature));
        }
    }

    [Fact]
    public void RandomBatch_CoversUnicodeMemosPassphrasesContractMessagesAndEveryMnemonicLength()
    {
        var memos = batch.Cases.Select(c => c.Tx.Memo).ToList();
        Assert.Contains(memos, m => m.Any(char.IsSurrogate));
        Assert.Contains(memos, m => m.IndexOfAny(['<', '>', '&']) >= 0);
        Assert.Contains(batch.Cases, c => c.Tx.Passphrase.Normalize(System.Text.NormalizationForm.FormKD) != c.Tx.Passphrase);
        Assert.Contains(batch.Cases, c => c.Messages.OfType<MsgExecuteContract>().Any());
        Assert.Contains(batch.Cases, c => c.Messages.Count == 3);
        Assert.Equal([12, 15, 18, 21, 24], batch.Cases.Select(c => c.Tx.Mnemonic.Words.Count).Distinct().Order());
    }

    private static byte[] Tampered(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[copy.Length >> 1] ^= 0x01;
        return copy;
    }
}
