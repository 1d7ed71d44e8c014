// Ours: Oracle.Cosmos building and signing SIGN_MODE_DIRECT MsgSend transactions.
//   cosmos-tx-bench gen N FILE              -> writes N prepared MsgSend inputs (same key) to FILE
//   cosmos-tx-bench run FILE WINDOWS WINDOW_MS -> {"rates":[...],"firstTxRaw":"..."}
// One operation = MsgSend -> Any -> TxBody bytes, AuthInfo bytes, SignDoc bytes, sha256 + secp256k1 sign, TxRaw bytes.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oracle.Cosmos.Addresses;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Protos.Bank.V1Beta1;
using Oracle.Cosmos.Protos.Base.V1Beta1;
using Oracle.Cosmos.Tx;

if (args[0] == "gen")
{
    Generate(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
    return;
}
var input = JsonNode.Parse(File.ReadAllText(args[1]))!;
int windows = int.Parse(args[2], CultureInfo.InvariantCulture);
int windowMs = int.Parse(args[3], CultureInfo.InvariantCulture);
using var key = Secp256k1PrivateKey.FromBytes(Convert.FromHexString(input["privateKey"]!.GetValue<string>()));
var from = AccountAddress.FromPublicKey(key.PublicKey, input["prefix"]!.GetValue<string>()).Bech32Text;
string chainId = input["chainId"]!.GetValue<string>();
ulong accountNumber = ulong.Parse(input["accountNumber"]!.GetValue<string>(), CultureInfo.InvariantCulture);
var txs = input["txs"]!.AsArray().Select(t => new Prepared(
    t!["to"]!.GetValue<string>(), t["denom"]!.GetValue<string>(), t["amount"]!.GetValue<string>(), t["memo"]!.GetValue<string>(),
    ulong.Parse(t["sequence"]!.GetValue<string>(), CultureInfo.InvariantCulture), t["feeAmount"]!.GetValue<string>(),
    ulong.Parse(t["gas"]!.GetValue<string>(), CultureInfo.InvariantCulture))).ToArray();

byte[] Once(Prepared t)
{
    var doc = new TxBuilder()
        .AddMessage(new MsgSend { FromAddress = from, ToAddress = t.To, Amount = { new Coin { Denom = t.Denom, Amount = t.Amount } } })
        .WithMemo(t.Memo)
        .WithFee([new Coin { Denom = "uatom", Amount = t.FeeAmount }], t.Gas)
        .WithSigner(key.PublicKey, t.Sequence)
        .ToSignDoc(chainId, accountNumber);
    return doc.Sign(key).ToTxRawBytes();
}

var first = Convert.ToHexStringLower(Once(txs[0]));
int i = 0;
for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 1000;)
{
    Once(txs[i++ % txs.Length]);
}
var rates = new List<double>();
for (int w = 0; w < windows; w++)
{
    int n = 0;
    var clock = Stopwatch.StartNew();
    while (clock.ElapsedMilliseconds < windowMs)
    {
        Once(txs[i++ % txs.Length]);
        n++;
    }
    rates.Add(n / clock.Elapsed.TotalSeconds);
}
Console.WriteLine(JsonSerializer.Serialize(new { rates, firstTxRaw = first }));

static void Generate(int count, string path)
{
    var random = new Random(20260601);
    var txs = new JsonArray();
    for (int i = 0; i < count; i++)
    {
        var to = new byte[20];
        random.NextBytes(to);
        txs.Add(new JsonObject
        {
            ["to"] = AccountAddress.FromBytes("cosmos", to).Bech32Text,
            ["denom"] = i % 3 == 0 ? "uatom" : "ibc/" + Convert.ToHexString(SHA256.HashData(BitConverter.GetBytes(i))),
            ["amount"] = random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
            ["memo"] = i % 2 == 0 ? "" : $"relay packet {i} <ok> & done",
            ["sequence"] = i.ToString(CultureInfo.InvariantCulture),
            ["feeAmount"] = (5000 + i).ToString(CultureInfo.InvariantCulture),
            ["gas"] = (200000 + i).ToString(CultureInfo.InvariantCulture),
        });
    }
    var doc = new JsonObject
    {
        ["privateKey"] = Convert.ToHexStringLower(SHA256.HashData("cosmos-tx-bench key"u8)),
        ["prefix"] = "cosmos",
        ["chainId"] = "cosmoshub-4",
        ["accountNumber"] = "12345",
        ["txs"] = txs,
    };
    File.WriteAllText(path, doc.ToJsonString());
}

internal sealed record Prepared(string To, string Denom, string Amount, string Memo, ulong Sequence, string FeeAmount, ulong Gas);
