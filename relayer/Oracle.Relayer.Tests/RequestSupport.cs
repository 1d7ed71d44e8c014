using System.Collections.Concurrent;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Requests;

namespace Oracle.Relayer.Tests;

/// <summary>Log lines of an in-process relayer, kept in memory for assertions.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void Dispose()
    {
    }

    public bool Any(string text) => Lines.Any(l => l.Contains(text, StringComparison.OrdinalIgnoreCase));

    public string Dump() => string.Join("\n", Lines.TakeLast(80));

    private sealed class ListLogger(ListLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.Message)}");
        }
    }
}

/// <summary>An observer for relayers built only for their request path: feed rounds are not looked at.</summary>
public sealed class NoRounds : IRoundObserver
{
    public void OnRound(RoundOutcome outcome)
    {
    }
}

/// <summary>A request as the test made it.</summary>
public sealed record MadeRequest(string Id, ulong Block, BigInteger Randomness, string TxHash);

/// <summary>Requests through ExampleRequester, and what the chain says about them.</summary>
public sealed class RequestDriver(LocalDevnet d)
{
    private readonly ConcurrentDictionary<string, ContractDeployer> senders = new();

    public static readonly byte[] RequestedTopic = Abi.EventTopic(RequestsAbi.RequestedEvent);
    public static readonly byte[] FulfilledTopic = Abi.EventTopic(RequestsAbi.FulfilledEvent);

    /// <summary>ExampleRequester.ask(spec, callbackGas, quorum) from the dev account <paramref name="account"/>.</summary>
    public async Task<MadeRequest> AskAsync(int account, string spec, int quorum = 1, uint callbackGas = 200_000, CancellationToken ct = default)
    {
        var sender = senders.GetOrAdd(d.Anvil.DevKeys[account], k => new ContractDeployer(d.Rpc, EthKey.FromPrivateKey(Hex.Decode(k)), d.Paths));
        var tx = await sender.CallAsync(d.Requester, "ask(bytes,uint32,uint8)", [System.Text.Encoding.UTF8.GetBytes(spec), (BigInteger)callbackGas, (BigInteger)quorum], ct);
        var log = tx.Receipt.Logs.Single(l => l.Address == d.Requests && l.Topics[0].AsSpan().SequenceEqual(RequestedTopic));
        var e = log.Decode(RequestsAbi.RequestedEvent);
        return new MadeRequest(Hex.Encode((byte[])e["requestId"]!), tx.Receipt.BlockNumber, (BigInteger)e["randomness"]!, tx.Hash);
    }

    /// <summary>requests(id) now.</summary>
    public async Task<(OnChainStatus Status, ulong Block)> StatusAsync(string id, CancellationToken ct = default)
    {
        var v = Abi.Decode(RequestsAbi.RequestTuple, await d.Rpc.CallAsync(new CallRequest { To = d.Requests, Data = Abi.EncodeCall(RequestsAbi.Requests, Hex.Decode(id)) }, BlockTag.Latest, ct));
        var t = v;
        return ((OnChainStatus)(int)(BigInteger)t[3]!, (ulong)(BigInteger)t[4]!);
    }

    /// <summary>Waits until every id is answered (bounded).</summary>
    public async Task WaitAnsweredAsync(IEnumerable<string> ids, TimeSpan timeout, Func<string> diagnostics)
    {
        var left = ids.ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        while (left.Count > 0)
        {
            foreach (var id in left.ToList())
                if ((await StatusAsync(id)).Status is OnChainStatus.Fulfilled or OnChainStatus.Failed) left.Remove(id);
            if (left.Count == 0) break;
            Assert.True(DateTime.UtcNow < deadline, $"{left.Count} request(s) not answered within {timeout}: {string.Join(", ", left.Take(5))}\n{diagnostics()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Every RequestFulfilled event of the requests contract: (request id, ok, value, data, leader, block, tx).</summary>
    public async Task<IReadOnlyList<(string Id, bool Ok, BigInteger Value, byte[] Data, EthAddress Leader, ulong Block, string Tx)>> FulfilledAsync(CancellationToken ct = default)
    {
        var logs = await d.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockTag.Earliest, ToBlock = BlockTag.Latest, Addresses = [d.Requests], Topics = [[FulfilledTopic]],
        }, ct);
        return logs.Select(l =>
        {
            var e = l.Decode(RequestsAbi.FulfilledEvent);
            return (Hex.Encode((byte[])e["requestId"]!), (bool)e["ok"]!, (BigInteger)e["value"]!, (byte[])e["data"]!, (EthAddress)e["leader"]!, l.BlockNumber!.Value, l.TransactionHash!);
        }).ToList();
    }

    /// <summary>
    /// Every transaction to the requests contract calling fulfill in blocks <paramref name="from"/>..head,
    /// by request id, with its receipt status: what was sent, reverted or not.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string Tx, bool Succeeded, CompactProof Proof)>> FulfillTransactionsAsync(ulong from, CancellationToken ct = default)
    {
        var selector = Abi.Selector(RequestsAbi.Fulfill);
        ulong head = await d.Rpc.BlockNumberAsync(ct);
        var list = new List<(string, string, bool, CompactProof)>();
        for (ulong n = from; n <= head; n++)
        {
            var block = await d.Rpc.SendRawAsync("eth_getBlockByNumber", [Hex.EncodeQuantity(n), true], ct);
            foreach (var tx in block.GetProperty("transactions").EnumerateArray())
            {
                if (tx.GetProperty("to").ValueKind != System.Text.Json.JsonValueKind.String) continue;
                if (!string.Equals(tx.GetProperty("to").GetString(), d.Requests.ToString(), StringComparison.OrdinalIgnoreCase)) continue;
                var input = Hex.Decode(tx.GetProperty("input").GetString()!);
                if (input.Length < 4 || !input.AsSpan(0, 4).SequenceEqual(selector)) continue;
                var args = Abi.Decode("bytes32,bytes", input.AsSpan(4));
                string hash = tx.GetProperty("hash").GetString()!;
                var receipt = await d.Rpc.GetTransactionReceiptAsync(hash, ct);
                list.Add((Hex.Encode((byte[])args[0]!), hash, receipt!.Succeeded, CompactProof.Decode((byte[])args[1]!)));
            }
        }
        return list;
    }

    /// <summary>ExampleRequester.answers().</summary>
    public async Task<ulong> AnswersAsync(CancellationToken ct = default) =>
        (ulong)(BigInteger)Abi.Decode("uint256", await d.Rpc.CallAsync(new CallRequest { To = d.Requester, Data = Abi.EncodeCall("answers()") }, BlockTag.Latest, ct))[0]!;

    /// <summary>ExampleRequester.answerOf(id): (answered, ok, value, data).</summary>
    public async Task<(bool Answered, bool Ok, BigInteger Value, byte[] Data)> AnswerOfAsync(string id, CancellationToken ct = default)
    {
        var v = Abi.Decode("bool,bool,int256,bytes", await d.Rpc.CallAsync(new CallRequest { To = d.Requester, Data = Abi.EncodeCall("answerOf(bytes32)", Hex.Decode(id)) }, BlockTag.Latest, ct));
        return ((bool)v[0]!, (bool)v[1]!, (BigInteger)v[2]!, (byte[])v[3]!);
    }

    /// <summary>Overrides for a relayer that answers requests only (no feed rounds), with its own database.</summary>
    public static Dictionary<string, string?> RequestsOnly(string database, int confirmations = 0, string? payingKey = null)
    {
        var o = new Dictionary<string, string?>
        {
            ["Relayer:Feeds"] = null,
            ["Relayer:Chains:0:Confirmations"] = "0",
            ["Relayer:Requests:0:Database"] = database,
            ["Relayer:Requests:0:Confirmations"] = confirmations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (payingKey is not null) o["Relayer:Chains:0:PrivateKey"] = payingKey;
        return o;
    }
}
