using System.Collections.Concurrent;
using System.Numerics;
using Oracle.Evm.Tests.Support;
using static Oracle.Evm.Tests.Anvil.AnvilTestKit;

namespace Oracle.Evm.Tests.Anvil;

public sealed class TransactionSenderTests
{
    private static readonly byte[] NopeRevert = Abi.EncodeError("Error(string)", "nope");

    [Fact]
    public async Task SendAsync_TransfersValue_WhenAutomineIsOn()
    {
        await using var anvil = await AnvilNode.StartAsync();
        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        var ct = Bounded();
        var before = await anvil.Rpc.GetBalanceAsync(Recipient, BlockTag.Latest, ct);

        var outcome = await Sender(anvil).SendAsync(key, Recipient, 12345, [], null, Fast, ct);

        Assert.True(outcome.Receipt.Succeeded);
        Assert.Equal(0, outcome.Replacements);
        Assert.Equal(0UL, outcome.Nonce);
        Assert.Equal(21000UL, outcome.Receipt.GasUsed);
        Assert.Equal(before + 12345, await anvil.Rpc.GetBalanceAsync(Recipient, BlockTag.Latest, ct));
    }

    [Fact]
    public async Task SendAsync_GivesConsecutiveDistinctNonces_WhenTwentySendConcurrently()
    {
        await using var anvil = await AnvilNode.StartAsync();
        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        var sender = Sender(anvil);
        var ct = Bounded();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => sender.SendAsync(key, Recipient, i + 1, [], 21000, Fast, ct))));

        Assert.All(outcomes, o => Assert.True(o.Receipt.Succeeded));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (ulong)i), outcomes.Select(o => o.Nonce).Order());
        Assert.Equal(20, outcomes.Select(o => o.Hash).Distinct().Count());
        Assert.Equal(20UL, await anvil.Rpc.GetTransactionCountAsync(key.Address, BlockTag.Latest, ct));
        foreach (var outcome in outcomes)
        {
            var mined = await anvil.Rpc.GetTransactionByHashAsync(outcome.Hash, ct);
            Assert.Equal(outcome.Nonce, mined!.Nonce);
        }
    }

    [Fact]
    public async Task SendAsync_ResyncsAndSucceeds_WhenAnotherSenderUsedTheNonce()
    {
        await using var anvil = await AnvilNode.StartAsync();
        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        var ct = Bounded();
        var stale = new NonceManager(anvil.Rpc);
        Assert.Equal(0UL, await stale.NextAsync(key.Address, ct)); // counter now at 1
        var other = Sender(anvil);
        await other.SendAsync(key, Recipient, 1, [], 21000, Fast, ct); // nonce 0
        await other.SendAsync(key, Recipient, 1, [], 21000, Fast, ct); // nonce 1

        var outcome = await Sender(anvil, stale).SendAsync(key, Recipient, 1, [], 21000, Fast, ct);

        Assert.Equal(2UL, outcome.Nonce);
        Assert.True(outcome.Receipt.Succeeded);
    }

    [Fact]
    public async Task SendAsync_ReplacesWithHigherFees_WhenTransactionIsStuck()
    {
        await using var anvil = await AnvilNode.StartAsync("--no-mining");
        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        var sender = Sender(anvil);
        var broadcasts = new ConcurrentQueue<TransactionBroadcast>();
        var mined = new TaskCompletionSource();
        sender.Broadcast += (_, b) =>
        {
            broadcasts.Enqueue(b);
            if (b.Replacement == 1)
            {
                _ = anvil.MineAsync().ContinueWith(t => mined.TrySetResult(), TaskScheduler.Default);
            }
        };
        var options = Fast with { StuckAfter = TimeSpan.FromMilliseconds(400), MaxReplacements = 2 };
        var ct = Bounded();

        var outcome = await sender.SendAsync(key, Recipient, 1, [], 21000, options, ct);

        await mined.Task.WaitAsync(ct);
        var sent = broadcasts.ToArray();
        Assert.Equal(1, outcome.Replacements);
        Assert.Equal([sent[0].Hash, sent[1].Hash], outcome.SentHashes);
        Assert.Equal(sent[1].Hash, outcome.Hash);
        Assert.Equal(sent[0].Nonce, sent[1].Nonce);
        Assert.True(sent[1].Fees.MaxFeePerGas * 1000 >= sent[0].Fees.MaxFeePerGas * 1125);
        Assert.True(sent[1].Fees.MaxPriorityFeePerGas * 1000 >= sent[0].Fees.MaxPriorityFeePerGas * 1125);
        Assert.Null(await anvil.Rpc.GetTransactionReceiptAsync(sent[0].Hash, ct));
        await anvil.MineAsync(2);
        Assert.Null(await anvil.Rpc.GetTransactionReceiptAsync(sent[0].Hash, ct));
        Assert.Equal(1UL, await anvil.Rpc.GetTransactionCountAsync(key.Address, BlockTag.Latest, ct));
    }

    [Fact]
    public async Task SendAsync_ThrowsReplacementsExhausted_WhenNothingIsMined()
    {
        await using var anvil = await AnvilNode.StartAsync("--no-mining");
        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        var options = Fast with { StuckAfter = TimeSpan.FromMilliseconds(200), MaxReplacements = 2, ReceiptTimeout = TimeSpan.FromSeconds(2) };

        var error = await Assert.ThrowsAsync<EvmException>(() => Sender(anvil).SendAsync(key, Recipient, 1, [], 21000, options, Bounded()));

        Assert.Equal(EvmErrorKind.ReplacementsExhausted, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.Contains("after 2 replacements", error.Message);
    }

    [Fact]
    public async Task SendAsync_WaitsForConfirmations_WhenBlocksAreMinedOneByOne()
    {
        await using var anvil = await AnvilNode.StartAsync("--no-mining");
        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        var sender = Sender(anvil);
        var broadcast = new TaskCompletionSource<TransactionBroadcast>();
        sender.Broadcast += (_, b) => broadcast.TrySetResult(b);
        var ct = Bounded();

        var sending = sender.SendAsync(key, Recipient, 1, [], 21000, Fast with { Confirmations = 3 }, ct);
        await broadcast.Task.WaitAsync(ct);
        await anvil.MineAsync(); // block 1 holds the transaction
        await Task.Delay(400, ct);
        Assert.False(sending.IsCompleted, "returned with 0 confirmations");
        await anvil.MineAsync(2); // blocks 2, 3
        await Task.Delay(400, ct);
        Assert.False(sending.IsCompleted, "returned with 2 confirmations");
        await anvil.MineAsync(); // block 4: three on top of block 1

        var outcome = await sending.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(1UL, outcome.Receipt.BlockNumber);
        Assert.Equal(0, outcome.Replacements);
    }

    [Fact]
    public async Task SendAsync_ThrowsRevertedAndSendsNothing_WhenSimulationReverts()
    {
        await using var anvil = await AnvilNode.StartAsync();
        var reverting = await anvil.DeployAsync(Contracts.AlwaysReverts(NopeRevert));
        using var key = EthKey.FromPrivateKey(AnvilNode.Account1Key);
        var sender = Sender(anvil);
        var broadcasts = 0;
        sender.Broadcast += (_, _) => Interlocked.Increment(ref broadcasts);
        var ct = Bounded();

        var error = await Assert.ThrowsAsync<EvmException>(() => sender.SendAsync(key, reverting, [0x01], null, Fast, ct));

        Assert.Equal(EvmErrorKind.Reverted, error.Kind);
        Assert.Equal("nope", error.Revert!.Message);
        Assert.Contains("nope", error.Message);
        Assert.Contains("not sent", error.Message);
        Assert.Equal(0, broadcasts);
        Assert.Equal(0UL, await anvil.Rpc.GetTransactionCountAsync(key.Address, BlockTag.Pending, ct));
    }

    [Fact]
    public async Task SendAsync_ThrowsRevertedWithReplayedReason_WhenMinedTransactionReverts()
    {
        await using var anvil = await AnvilNode.StartAsync();
        var reverting = await anvil.DeployAsync(Contracts.AlwaysReverts(NopeRevert));
        using var key = EthKey.FromPrivateKey(AnvilNode.Account1Key);
        var ct = Bounded();

        var error = await Assert.ThrowsAsync<EvmException>(() =>
            Sender(anvil).SendAsync(key, reverting, [0x01], 100_000, Fast with { Simulate = false }, ct));

        Assert.Equal(EvmErrorKind.Reverted, error.Kind);
        Assert.Equal("nope", error.Revert!.Message);
        Assert.NotNull(error.TransactionHash);
        Assert.Equal(0UL, error.Receipt!.Status);
        Assert.Contains(error.TransactionHash, error.Message);
        Assert.Equal(1UL, await anvil.Rpc.GetTransactionCountAsync(key.Address, BlockTag.Latest, ct));
    }

    [Fact]
    public async Task SendAsync_BroadcastsInNonceOrder_SoSendsCutShortLeaveTheNodeNoGap()
    {
        // Twenty concurrent sends from one key through a link that holds each eth_sendRawTransaction for a
        // random 0-15 ms; all of them are cut short at a random moment, as a killed process would be. The
        // node must never see a nonce before the one below it has been answered, and must hold a gap-free
        // run of transactions afterwards: nothing queued that a later sender would unblock by surprise.
        await using var anvil = await AnvilNode.StartAsync("--no-mining");
        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        int seed = Environment.TickCount;
        var link = new SlowBroadcastLink(new Random(seed));
        using var http = new HttpClient(link);
        var rpc = new EthJsonRpcClient(http, anvil.Endpoint);
        var sender = new TransactionSender(rpc, new NonceManager(rpc), new FeeEstimator(rpc));
        // The cut: right after the node answered a random one of the first dozen broadcasts, others in flight.
        using var cut = new CancellationTokenSource();
        int cutAfter = new Random(seed).Next(2, 13);
        link.AfterAnswer = n => { if (n == cutAfter) cut.Cancel(); };

        var sends = Enumerable.Range(0, 20).Select(i => Task.Run(() => sender.SendAsync(key, Recipient, i + 1, [], 21000, Fast, cut.Token))).ToList();
        foreach (var send in sends)
        {
            // None can be mined (no mining): each ends cut short, before or after its broadcast.
            var e = await Record.ExceptionAsync(() => send.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(e is OperationCanceledException or EvmException, $"seed {seed}: {e}");
        }

        // What the node holds (a broadcast whose answer the cut sender never read is there too).
        var answered = new List<(ulong Nonce, int Entered, int Done)>();
        foreach (var a in link.Answered)
        {
            var tx = await anvil.Rpc.GetTransactionByHashAsync(a.Hash, CancellationToken.None);
            Assert.True(tx is not null, $"seed {seed}: {a.Hash} was passed on but the node does not know it");
            answered.Add((tx!.Nonce, a.Entered, a.Done));
        }
        Assert.True(answered.Count >= cutAfter, $"seed {seed}: {answered.Count} broadcasts, the cut was to come after {cutAfter}");
        Assert.True(answered.Count < 20, $"seed {seed}: all 20 were broadcast before the cut; nothing was cut short");
        var byNonce = answered.OrderBy(a => a.Nonce).ToList();
        Assert.Equal(Enumerable.Range(0, byNonce.Count).Select(i => (ulong)i), byNonce.Select(a => a.Nonce));
        for (int i = 1; i < byNonce.Count; i++)
            Assert.True(byNonce[i].Entered > byNonce[i - 1].Done,
                $"seed {seed}: nonce {byNonce[i].Nonce} reached the node before nonce {byNonce[i - 1].Nonce} was answered");

        var pool = await anvil.Rpc.SendRawAsync("txpool_status", [], CancellationToken.None);
        Assert.Equal(BigInteger.Zero, Hex.DecodeQuantity(pool.GetProperty("queued").GetString()!));
        Assert.Equal(new BigInteger(byNonce.Count), Hex.DecodeQuantity(pool.GetProperty("pending").GetString()!));
        Assert.Equal((ulong)byNonce.Count, await anvil.Rpc.GetTransactionCountAsync(key.Address, BlockTag.Pending, CancellationToken.None));
    }

    /// <summary>An HTTP link to the node that holds every eth_sendRawTransaction for a random while before passing it on,
    /// and numbers when each entered and when its answer came back.</summary>
    private sealed class SlowBroadcastLink(Random random) : DelegatingHandler(new HttpClientHandler())
    {
        private int clock;

        public ConcurrentQueue<(string Hash, int Entered, int Done)> Answered { get; } = new();

        public Action<int>? AfterAnswer { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var json = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            if (json["method"]?.GetValue<string>() != "eth_sendRawTransaction")
                return await base.SendAsync(request, cancellationToken);
            int delay;
            lock (random) delay = random.Next(0, 16);
            await Task.Delay(delay, cancellationToken);
            int entered = Interlocked.Increment(ref clock);
            var response = await base.SendAsync(request, CancellationToken.None); // once passed on, it reaches the node
            int done = Interlocked.Increment(ref clock);
            string raw = json["params"]![0]!.GetValue<string>();
            Answered.Enqueue((Hex.Encode(Keccak256.Hash(Hex.Decode(raw))), entered, done));
            AfterAnswer?.Invoke(Answered.Count);
            return response;
        }
    }
}
