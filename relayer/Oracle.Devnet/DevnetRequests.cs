using System.Numerics;
using Oracle.Evm;
using Oracle.Relayer.Requests;

namespace Oracle.Devnet;

/// <summary>One on-demand request made on the devnet and when it was answered.</summary>
/// <param name="Index">1, 2, 3, ...</param>
/// <param name="RequestId">0x id.</param>
/// <param name="RequestBlock">The block that recorded the request.</param>
/// <param name="FulfilledBlock">The block of its RequestFulfilled event; null when not answered in time.</param>
/// <param name="Ok">True for a value, false for a signed error report.</param>
/// <param name="Value">The answer.</param>
public sealed record DevnetRequestResult(int Index, string RequestId, ulong RequestBlock, ulong? FulfilledBlock, bool Ok, BigInteger Value)
{
    /// <summary>Blocks from request to fulfilment (0: the same block).</summary>
    public ulong? LatencyBlocks => FulfilledBlock - RequestBlock;
}

/// <summary>
/// Makes on-demand requests through the devnet's ExampleRequester (the feed's job inline, quorum 1)
/// from a development account, one after another, and waits for each RequestFulfilled event:
/// request-to-fulfilment latency in blocks (<c>./oracle devnet --requests N</c>, bench/requests).
/// </summary>
public sealed class DevnetRequests(LocalDevnet devnet, int account = 2)
{
    private readonly ContractDeployer sender = new(devnet.Rpc, EthKey.FromPrivateKey(Hex.Decode(devnet.Anvil.DevKeys[account])), devnet.Paths);
    private readonly byte[] requested = Abi.EventTopic(RequestsAbi.RequestedEvent);
    private readonly byte[] fulfilled = Abi.EventTopic(RequestsAbi.FulfilledEvent);

    /// <summary>Makes one request and waits (at most <paramref name="timeout"/>) for its answer.</summary>
    public async Task<DevnetRequestResult> RunOneAsync(int index, TimeSpan timeout, CancellationToken ct)
    {
        var tx = await sender.CallAsync(devnet.Requester, "ask(bytes,uint32,uint8)",
            [System.Text.Encoding.UTF8.GetBytes(devnet.RequestSpec), (BigInteger)200_000, (BigInteger)1], ct);
        var log = tx.Receipt.Logs.Single(l => l.Address == devnet.Requests && l.Topics[0].AsSpan().SequenceEqual(requested));
        byte[] id = log.Topics[1];
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var logs = await devnet.Rpc.GetLogsAsync(new LogFilter
            {
                FromBlock = BlockTag.Number(tx.Receipt.BlockNumber), ToBlock = BlockTag.Latest, Addresses = [devnet.Requests],
                Topics = [[fulfilled], [id]],
            }, ct);
            if (logs.Count > 0)
            {
                var e = logs[0].Decode(RequestsAbi.FulfilledEvent);
                return new DevnetRequestResult(index, Hex.Encode(id), tx.Receipt.BlockNumber, logs[0].BlockNumber, (bool)e["ok"]!, (BigInteger)e["value"]!);
            }
            await Task.Delay(200, ct);
        }
        return new DevnetRequestResult(index, Hex.Encode(id), tx.Receipt.BlockNumber, null, false, 0);
    }
}
