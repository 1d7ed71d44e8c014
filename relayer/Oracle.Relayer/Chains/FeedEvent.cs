using System.Numerics;
using Oracle.Evm;

namespace Oracle.Relayer.Chains;

/// <summary>The feed contract's event for one accepted answer (<see cref="FeedContractAbi.AnswerEvent"/>).</summary>
public sealed record FeedEvent(byte[] FeedId, ulong RoundId, BigInteger Answer, ulong ObservedAt, string Signer, string TransactionHash, ulong BlockNumber)
{
    private static readonly byte[] SingleFeedTopic = Abi.EventTopic(FeedContractAbi.SingleFeedAnswerEvent);

    /// <summary>True for the event of a single-feed contract (OracleFeed, OracleQuorumFeed), which names no feed.</summary>
    public static bool IsSingleFeedEvent(LogEntry log) => log.Topics.Count == 1 && log.Topics[0].AsSpan().SequenceEqual(SingleFeedTopic);

    /// <summary>Decodes the event from a log entry: the hub's, or a single-feed contract's (then <paramref name="feedId"/> is the feed).</summary>
    /// <exception cref="FormatException">The log is not this event.</exception>
    public static FeedEvent Decode(LogEntry log, byte[]? feedId = null)
    {
        if (IsSingleFeedEvent(log))
        {
            var f = log.Decode(FeedContractAbi.SingleFeedAnswerEvent);
            return new FeedEvent(feedId ?? [], (ulong)(BigInteger)f.Args[0]!, (BigInteger)f.Args[1]!, (ulong)(BigInteger)f.Args[2]!,
                ((EthAddress)f.Args[3]!).ToString(), log.TransactionHash ?? "", log.BlockNumber ?? 0);
        }
        var e = log.Decode(FeedContractAbi.AnswerEvent);
        return new FeedEvent(
            (byte[])e.Args[0]!,
            (ulong)(BigInteger)e.Args[1]!,
            (BigInteger)e.Args[2]!,
            (ulong)(BigInteger)e.Args[3]!,
            ((EthAddress)e.Args[4]!).ToString(),
            log.TransactionHash ?? "",
            log.BlockNumber ?? 0);
    }
}
