using Oracle.Evm.Tests.Support;

namespace Oracle.Evm.Tests.Anvil;

/// <summary>Short waits for a local chain, every one bounded.</summary>
internal static class AnvilTestKit
{
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    public static TransactionOptions Fast => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        ReceiptTimeout = TimeSpan.FromSeconds(30),
        StuckAfter = TimeSpan.FromSeconds(10),
    };

    public static TransactionSender Sender(AnvilNode anvil, NonceManager? nonces = null) =>
        new(anvil.Rpc, nonces ?? new NonceManager(anvil.Rpc), new FeeEstimator(anvil.Rpc));

    public static EthAddress Recipient => EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    public static CancellationToken Bounded() => new CancellationTokenSource(TestTimeout).Token;
}
