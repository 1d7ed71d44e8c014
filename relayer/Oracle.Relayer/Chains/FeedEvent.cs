using System.Numerics;
using Oracle.Evm;

namespace Oracle.Relayer.Chains;

/// <summary>The feed contract's event for one accepted answer (<see cref="FeedContractAbi.AnswerEvent"/>).</summary>
public sealed record FeedEvent(byte[] FeedId, ulong RoundId, BigInteger Answer, ulong ObservedAt, string Signer, string TransactionHash, ulong BlockNumber)
{
    /// <summary>Decodes the event from a log entry.</summary>
    /// <exception cref="FormatException">The log is not this event.</exception>
    public static FeedEvent Decode(LogEntry log)
    {
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
