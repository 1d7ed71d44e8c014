using System.Globalization;
using System.Numerics;
using System.Text;
using Google.Protobuf;
using Oracle.Cosmos.Addresses;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Protos.Bank.V1Beta1;
using Oracle.Cosmos.Protos.Base.V1Beta1;
using Oracle.Cosmos.Protos.Wasm.V1;

namespace Oracle.Cosmos.Tests.Support;

/// <summary>A random single-signer transaction's inputs (messages are built once the signer's address is known).</summary>
public sealed record RandomTx(
    Mnemonic Mnemonic,
    string Passphrase,
    string Path,
    string Prefix,
    string ChainId,
    ulong AccountNumber,
    ulong Sequence,
    string Memo,
    ulong TimeoutHeight,
    List<Coin> FeeAmount,
    ulong Gas,
    string Payer,
    string Granter,
    Func<AccountAddress, List<IMessage>> Messages);

/// <summary>Random inputs from one seeded generator.</summary>
public sealed class RandomTxs(int seed)
{
    private const string MemoAlphabet = "abcXYZ019 <>&\"\\'/\n\t\u0001\u007féß中文\u2028";
    private static readonly string[] Emoji = ["🚀", "😀", "𝄞"];
    private static readonly string[] Words = ["a", "b", "B", "amount", "recipient", "<tag>", "a&b", "ä", "中", "Z", "_", "key with space", "\"q\"", "𝄞"];
    private static readonly string[] Numbers = ["0", "-0", "1", "-17", "0.1", "1.5", "1e21", "1E-7", "1e-6", "123456789012345678901234", "3.14159e10", "9007199254740993", "2.5e-310", "1e400", "100", "0.000001234"];

    public Random R { get; } = new(seed);

    public byte[] Bytes(int n)
    {
        var b = new byte[n];
        R.NextBytes(b);
        return b;
    }

    public RandomTx Next()
    {
        var mnemonic = Mnemonic.FromEntropy(Bytes(new[] { 16, 20, 24, 28, 32 }[R.Next(5)]));
        var path = R.Next(3) == 0
            ? "m/44'/118'/0'/0/0"
            : $"m/44'/{R.Next(1000)}'/{R.Next(5)}'/{R.Next(2)}/{R.Next(int.MaxValue)}";
        var prefix = R.Next(3) == 0 ? new[] { "cosmos", "osmo", "juno", "neutron", "wasm" }[R.Next(5)] : Letters(1 + R.Next(12));
        var chainId = Letters(1 + R.Next(8)) + "-" + R.Next(1000).ToString(CultureInfo.InvariantCulture);
        var feeAmount = Enumerable.Range(0, R.Next(3)).Select(_ => RandomCoin()).ToList();
        var payer = R.Next(4) == 0 ? AccountAddress.FromBytes(prefix, Bytes(20)).Bech32Text : "";
        var granter = R.Next(4) == 0 ? AccountAddress.FromBytes(prefix, Bytes(20)).Bech32Text : "";
        int msgCount = 1 + R.Next(3);
        var msgSeeds = Enumerable.Range(0, msgCount).Select(_ => R.Next()).ToList();
        return new RandomTx(
            mnemonic,
            RandomPassphrase(),
            path,
            prefix,
            chainId,
            // Below 2^53: cosmjs 0.36 (the last line that runs on Debian 12's Node 18) keeps account numbers in a JS number.
            AccountNumber: R.Next(4) == 0 ? (ulong)R.Next(100) : (ulong)R.NextInt64(1L << 53),
            Sequence: R.Next(4) == 0 ? 0 : (ulong)R.NextInt64(1L << 53),
            Memo: RandomMemo(),
            TimeoutHeight: R.Next(2) == 0 ? 0 : (ulong)R.NextInt64(long.MaxValue),
            feeAmount,
            Gas: R.Next(3) == 0 ? (ulong)R.Next(1_000_000) : (ulong)R.NextInt64(long.MaxValue),
            payer,
            granter,
            from => [.. msgSeeds.Select(s => MakeMessage(new Random(s), from))]);
    }

    private static IMessage MakeMessage(Random r, AccountAddress from)
    {
        var sub = new RandomTxs(r.Next());
        if (r.Next(4) == 0)
        {
            var exec = new MsgExecuteContract
            {
                Sender = from.Bech32Text,
                Contract = Bech32.Encode(from.Prefix, sub.Bytes(32)),
                Msg = ByteString.CopyFromUtf8(sub.JsonObject(0)),
            };
            exec.Funds.AddRange(Enumerable.Range(0, r.Next(3)).Select(_ => sub.RandomCoin()));
            return exec;
        }
        var send = new MsgSend { FromAddress = from.Bech32Text, ToAddress = AccountAddress.FromBytes(from.Prefix, sub.Bytes(20)).Bech32Text };
        send.Amount.AddRange(Enumerable.Range(0, 1 + r.Next(3)).Select(_ => sub.RandomCoin()));
        return send;
    }

    public string Letters(int n) => new([.. Enumerable.Range(0, n).Select(_ => (char)('a' + R.Next(26)))]);

    public Coin RandomCoin()
    {
        string denom = R.Next(5) switch
        {
            0 => "uatom",
            1 => "ibc/" + Convert.ToHexString(Bytes(32)),
            _ => RandomDenom(),
        };
        BigInteger amount = R.Next(4) switch
        {
            0 => R.Next(1000),
            1 => BigInteger.One << 63,
            _ => new BigInteger(R.NextInt64(long.MaxValue)) + R.Next(2),
        };
        return new Coin { Denom = denom, Amount = amount.ToString(CultureInfo.InvariantCulture) };
    }

    private string RandomDenom()
    {
        const string rest = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:._-";
        var sb = new StringBuilder();
        sb.Append((char)((R.Next(2) == 0 ? 'a' : 'A') + R.Next(26)));
        for (int i = 0, n = 2 + R.Next(14); i < n; i++)
        {
            sb.Append(rest[R.Next(rest.Length)]);
        }
        return sb.ToString();
    }

    /// <summary>Empty half of the time, else a BIP-39 passphrase with characters NFKD changes (ligature, composed, circled).</summary>
    public string RandomPassphrase()
    {
        if (R.Next(2) == 0)
        {
            return "";
        }
        string[] pieces = ["a", "Z", "9", " ", "é", "e\u0301", "ﬁ", "①", "Å", "中", "🚀", "ｶ"];
        return string.Concat(Enumerable.Range(0, 1 + R.Next(8)).Select(_ => pieces[R.Next(pieces.Length)]));
    }

    public string RandomMemo()
    {
        var sb = new StringBuilder();
        for (int i = 0, n = R.Next(40); i < n; i++)
        {
            if (R.Next(10) == 0)
            {
                sb.Append(Emoji[R.Next(Emoji.Length)]);
            }
            else
            {
                sb.Append(MemoAlphabet[R.Next(MemoAlphabet.Length)]);
            }
        }
        return sb.ToString();
    }

    /// <summary>A random JSON object as text, with arbitrary whitespace (what a contract msg may look like).</summary>
    public string JsonObject(int depth)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int n = R.Next(depth == 0 ? 1 : 0, 5);
        var parts = new List<string>();
        while (keys.Count < n)
        {
            var key = Words[R.Next(Words.Length)] + (R.Next(3) == 0 ? R.Next(10).ToString(CultureInfo.InvariantCulture) : "");
            if (keys.Add(key))
            {
                parts.Add(JsonText(key) + (R.Next(2) == 0 ? " : " : ":") + JsonValue(depth + 1));
            }
        }
        return "{" + string.Join(R.Next(2) == 0 ? ", " : ",", parts) + "}";
    }

    private string JsonValue(int depth)
    {
        switch (R.Next(depth > 3 ? 4 : 6))
        {
            case 0: return JsonText(RandomMemo());
            case 1: return Numbers[R.Next(Numbers.Length)];
            case 2: return R.Next(3) switch { 0 => "true", 1 => "false", _ => "null" };
            case 3: return (R.NextDouble() * Math.Pow(10, R.Next(-12, 25)) * (R.Next(2) == 0 ? -1 : 1)).ToString("R", CultureInfo.InvariantCulture);
            case 4: return JsonObject(depth);
            default: return "[" + string.Join(",", Enumerable.Range(0, R.Next(4)).Select(_ => JsonValue(depth + 1))) + "]";
        }
    }

    private static string JsonText(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
