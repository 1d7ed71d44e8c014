using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Feeds;
using Xunit.Abstractions;

namespace Oracle.Relayer.Tests;

/// <summary>
/// The EVM loop end to end on the devnet: local HTTPS exchanges -> sim enclave (TLS inside) -> relayer
/// (Quartz, gRPC client, EIP-1559 transactions) -> OracleFeed on anvil, read back with eth_call.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class EndToEndTests
{
    private readonly DevnetFixture fx;
    private readonly ITestOutputHelper output;

    public EndToEndTests(DevnetFixture fx, ITestOutputHelper output)
    {
        this.fx = fx;
        this.output = output;
    }

    private LocalDevnet D => fx.Devnet;

    [Fact]
    public async Task ThreeRounds_LatestRoundDataIsTheMedianOfWhatTheSourcesServed_AndTheEventNamesTheEnclave()
    {
        var before = D.Exchanges.Select(e => e.Served.Count).ToArray();
        ulong headBefore = await D.Rpc.BlockNumberAsync(CancellationToken.None);
        ulong latestBefore = (await ReadLatestAsync()).RoundId;
        var progress = await RunRoundsAsync(3, "three-rounds");

        var ok = progress.Outcomes.Where(o => o.Ok).ToList();
        Assert.Equal(3, ok.Count);
        Assert.All(progress.Outcomes, o => Assert.True(o.Ok, o.Error));

        // The contract numbers rounds itself: each submission's receipt says which round it became. The
        // relayer's three rounds are consecutive, with nothing between them.
        var subs = Submissions(progress);
        ulong firstRound = subs[0].RoundId;
        Assert.Equal([firstRound, firstRound + 1, firstRound + 2], subs.Select(s => s.RoundId));
        Assert.True(firstRound > latestBefore, $"the relayer's first round became {firstRound}, not after {latestBefore}");
        if (firstRound > latestBefore + 1)
        {
            // Rounds between the one read before the run and the relayer's first: allowed only when they
            // were already mined when the test read the head (the node's eth_call at "latest" can trail a
            // block it has just sealed); a round mined later came from a writer that should not exist.
            var between = await AnswerEventsAsync(latestBefore + 1);
            foreach (var e in between.Where(e => e.RoundId < firstRound))
            {
                string who = await DescribeWriterAsync(e);
                output.WriteLine($"round {e.RoundId} between the read and the run: {who} (head at the read {headBefore})");
                Assert.True(e.BlockNumber <= headBefore, $"round {e.RoundId} was written after the test read the head ({headBefore}), and not by the relayer's run: {who}");
            }
        }

        // Each exchange served exactly one quote per round, in order: the k-th new quote of each is round k's.
        for (int i = 0; i < D.Exchanges.Count; i++)
            Assert.Equal(before[i] + 3, D.Exchanges[i].Served.Count);

        for (int k = 0; k < 3; k++)
        {
            var served = D.Exchanges.Select((e, i) => e.Served[before[i] + k]).ToList();
            Assert.All(served, q => Assert.Equal(200, q.Status));
            BigInteger expected = Median(served.Select(q => Scale(q.Value!, LocalDevnet.Decimals)).ToList());
            ulong contractRound = subs[k].RoundId;
            var r = await GetRoundDataAsync(contractRound);
            output.WriteLine($"round {contractRound}: served {string.Join(", ", served.Select(q => q.Value))} -> median {expected}, contract {r.Answer}");
            Assert.Equal(expected, r.Answer);
            Assert.Equal(ok[k].Value, r.Answer);
            Assert.Equal(ok[k].ObservedAt, r.ObservedAt);
        }

        // latestRoundData() of the feed's AggregatorV3Interface, read with eth_call as a consumer would.
        var ret = await D.Rpc.CallAsync(new CallRequest { To = D.FeedAdapter, Data = Abi.EncodeCall(FeedContractAbi.LatestRoundData) },
            BlockTag.Latest, CancellationToken.None);
        var lrd = Abi.Decode(FeedContractAbi.RoundDataReturns, ret);
        Assert.Equal((BigInteger)(firstRound + 2), (BigInteger)lrd[0]!);
        Assert.Equal(ok[2].Value, (BigInteger)lrd[1]!);
        var lastServed = D.Exchanges.Select((e, i) => Scale(e.Served[before[i] + 2].Value!, LocalDevnet.Decimals)).ToList();
        Assert.Equal(Median(lastServed), (BigInteger)lrd[1]!);

        // The event, read back from the chain with eth_getLogs, names the enclave as the signer.
        var mine = await AnswerEventsAsync(firstRound);
        Assert.Equal(3, mine.Count);
        Assert.All(mine, e => Assert.Equal(D.Identity.Signer, e.Signer, ignoreCase: true));
        Assert.Equal(ok.Select(o => o.Value), mine.Select(e => (BigInteger?)e.Answer));
    }

    [Fact]
    public async Task Submit_Reverts_ForEachBadReport_WithEveryReasonTheChainCanTellApart()
    {
        // Make sure there is an answer to be older than.
        if ((await ReadLatestAsync()).RoundId == 0) await RunRoundsAsync(1, "revert-setup");
        var latest = await ReadLatestAsync();

        // A fresh, valid report for this feed and contract, straight from the enclave.
        var good = await ExecuteAsync(D.Job, latest.RoundId + 1, 31337, D.Hub);
        var goodProof = good.Reports.Single().Proof;

        // 1. Its value changed after signing: the signature no longer recovers to a registered key.
        var changed = (byte[])goodProof.Clone();
        changed[1 + 32 + 32 + 8 + 31] ^= 0x01;
        var r1 = await RevertOfAsync(changed);
        Assert.Equal("SignerNotRegistered", r1.Name);
        Assert.NotEqual(EthAddress.Parse(D.Identity.Signer), (EthAddress)r1.Args[0]!);

        // 2. The same report signed by a key that is not in the registry.
        using var stranger = EthKey.Generate();
        var p = CompactProof.Decode(goodProof);
        byte[] digest = Eip712.ReportDigest(31337, D.Hub, p.FeedId, p.RequestId, p.Round, p.Value, p.Data, p.ObservedAt, p.SourcesHash);
        var forged = goodProof[..^65].Concat(stranger.Sign(digest).ToBytes65()).ToArray();
        var r2 = await RevertOfAsync(forged);
        Assert.Equal("SignerNotRegistered", r2.Name);
        Assert.Equal(stranger.Address, (EthAddress)r2.Args[0]!);

        // 3. A report of the enclave for another feed (another job: its feed id differs), which this
        //    hub does not serve.
        var otherJob = (JsonObject)D.Job.DeepClone();
        otherJob["aggregation"]!["min_sources"] = 2;
        var other = await ExecuteAsync(otherJob, latest.RoundId + 1, 31337, D.Hub);
        var r3 = await RevertOfAsync(other.Reports.Single().Proof);
        Assert.Equal("UnknownFeed", r3.Name);
        Assert.Equal(Hex.Decode(other.FeedId!), (byte[])r3.Args[0]!);
        Assert.NotEqual(D.FeedId, (byte[])r3.Args[0]!);

        // 4. A report of the enclave signed for another chain id (same contract address).
        var otherChain = await ExecuteAsync(D.Job, latest.RoundId + 1, 1, D.Hub);
        var r4 = await RevertOfAsync(otherChain.Reports.Single().Proof);
        Assert.Equal("SignerNotRegistered", r4.Name);
        Assert.NotEqual(EthAddress.Parse(D.Identity.Signer), (EthAddress)r4.Args[0]!);

        // 5. The report of the latest stored round, submitted again: not newer than the last answer.
        var stale = await LatestAcceptedProofAsync();
        var r5 = await RevertOfAsync(stale);
        Assert.Equal("StaleReport", r5.Name);

        // And the good one is accepted, so none of the above failed for another reason.
        await AssertAcceptedAsync(goodProof);

        // The recovered addresses tell the three signature cases apart where the chain can: only the
        // stranger's report recovers to a real key that was asked for.
        Assert.NotEqual((EthAddress)r1.Args[0]!, (EthAddress)r4.Args[0]!);
        output.WriteLine($"value changed: {r1}\nunregistered key: {r2}\nother feed: {r3}\nother chain: {r4}\nstale: {r5}");
    }

    [Fact]
    public async Task Relayer_StoppedAndRestarted_CarriesOnWithTheNextRound()
    {
        // The rounds the contract gave the submissions (each receipt's event): the restarted relayer's
        // follow the stopped one's, with none lost or repeated.
        static List<ulong> Rounds(DevnetProgress p) => Submissions(p).Select(s => s.RoundId).ToList();
        var first = await RunRoundsAsync(2, "restart-1");
        ulong lastBefore = Rounds(first).Max();
        var second = await RunRoundsAsync(2, "restart-2");
        Assert.Equal([lastBefore + 1, lastBefore + 2], Rounds(second));
        Assert.Equal([lastBefore + 1, lastBefore + 2], second.Outcomes.Where(o => o.Ok).Select(o => o.Round));
        Assert.Equal(lastBefore + 2, (await ReadLatestAsync()).RoundId);
    }

    [Fact]
    public async Task Round_WhoseSourcesAreDown_IsRetriedAndLogged_NotLost()
    {
        // Three of five exchanges answer 503: fewer than min_sources (3) succeed, so the attempt fails.
        var down = D.Exchanges.Take(3).ToList();
        foreach (var e in down) e.SetDown(true);
        string log = Path.Combine(fx.WorkDir, "retry.log");
        var progress = new DevnetProgress(TextWriter.Null, json: false, rounds: 1);
        var outcomes = new List<RoundOutcome>();
        var watcher = new CallbackObserver(o =>
        {
            outcomes.Add(o);
            if (!o.Ok) foreach (var e in down) e.SetDown(false); // the sources come back before the retry
            progress.OnRound(o);
        });
        await RunHostAsync(watcher, progress, log, TimeSpan.FromSeconds(90), maxRounds: 1);
        foreach (var e in down) e.SetDown(false);

        Assert.True(outcomes.Count >= 2, $"expected a failed attempt then a retry, saw {outcomes.Count}");
        var failed = outcomes[0];
        Assert.False(failed.Ok);
        Assert.Contains("too_few_sources", failed.Error);
        Assert.True(failed.Retryable);
        var retried = outcomes.First(o => o.Ok);
        Assert.Equal(failed.Round, retried.Round);
        Assert.True(retried.Attempt > 1);
        string text = await File.ReadAllTextAsync(log);
        Assert.Contains($"round {failed.Round}: attempt 1/3 failed", text);
        Assert.Contains("too_few_sources", text);
        // The retried round is on chain with the retry's value (a later round may have followed it).
        Assert.Equal(retried.Value, (await GetRoundDataAsync(failed.Round)).Answer);
    }

    // ---- helpers ----

    private async Task<DevnetProgress> RunRoundsAsync(int n, string name)
    {
        var progress = new DevnetProgress(TextWriter.Null, json: false, rounds: n);
        await RunHostAsync(progress, progress, Path.Combine(fx.WorkDir, name + ".log"), TimeSpan.FromSeconds(30 + 15 * n), maxRounds: n);
        return progress;
    }

    private async Task RunHostAsync(IRoundObserver observer, DevnetProgress done, string logPath, TimeSpan timeout, int maxRounds)
    {
        using var logs = new FileLoggerProvider(logPath, line => output.WriteLine(line));
        using var host = D.BuildRelayer(observer, l => l.AddProvider(logs), maxRounds: maxRounds);
        await host.StartAsync();
        try
        {
            bool ok = await done.Done.Task.WaitAsync(timeout);
            Assert.True(ok, "too many failed rounds in a row");
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stop.Token);
        }
    }

    private async Task<Oracle.Enclave.Client.ExecuteResult> ExecuteAsync(JsonObject job, ulong round, ulong chainId, EthAddress contract)
    {
        var head = (await D.Rpc.GetBlockAsync(BlockTag.Latest, CancellationToken.None))!;
        var request = new JsonObject
        {
            ["job"] = job.DeepClone(),
            ["round"] = round,
            ["chain_time"] = head.Timestamp,
            ["targets"] = new JsonArray(new JsonObject { ["chain_id"] = chainId.ToString(CultureInfo.InvariantCulture), ["verifying_contract"] = contract.ToString() }),
        };
        var r = await D.Enclave.ExecuteAsync(request, CancellationToken.None);
        Assert.True(r.Ok, r.RawJson);
        return r;
    }

    private async Task<RevertReason> RevertOfAsync(byte[] proof)
    {
        var e = await Assert.ThrowsAsync<EvmException>(() => D.Rpc.CallAsync(new CallRequest
        {
            From = D.RelayerKey.Address,
            To = D.Hub,
            Data = proof, // the raw proof as calldata, as the relayer sends it
        }, BlockTag.Latest, CancellationToken.None));
        Assert.Equal(EvmErrorKind.Reverted, e.Kind);
        Assert.NotNull(e.Revert);
        return Abi.DecodeRevert(e.Revert!.Raw, FeedContractAbi.Errors);
    }

    private async Task AssertAcceptedAsync(byte[] proof)
    {
        var deployer = new ContractDeployer(D.Rpc, D.RelayerKey, D.Paths);
        var outcome = await deployer.CallAsync(D.Hub, FeedContractAbi.Submit, [proof], CancellationToken.None);
        Assert.True(outcome.Receipt.Succeeded);
    }

    private async Task<byte[]> LatestAcceptedProofAsync()
    {
        // The relayer's last submission is in the chain: read its calldata back.
        var logs = await D.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockTag.Earliest, ToBlock = BlockTag.Latest, Addresses = [D.Hub],
            Topics = [[Abi.EventTopic(FeedContractAbi.AnswerEvent)]],
        }, CancellationToken.None);
        var tx = await D.Rpc.GetTransactionByHashAsync(logs[^1].TransactionHash!, CancellationToken.None);
        return tx!.Input;
    }

    private Task<FeedState> ReadLatestAsync() => fx.LatestAsync();

    /// <summary>The submission of each successful round, in order; the contract's round id is in each (from its receipt).</summary>
    private static List<Submission> Submissions(DevnetProgress progress) =>
        progress.Outcomes.Where(o => o.Ok)
            .Select(o => Assert.Single(o.Targets).Submission ?? throw new Xunit.Sdk.XunitException($"round {o.Round}: succeeded without a submission"))
            .ToList();

    /// <summary>Who wrote a round: the transaction, its sender and nonce, and the report it carried.</summary>
    private async Task<string> DescribeWriterAsync(FeedEvent e)
    {
        var tx = await D.Rpc.GetTransactionByHashAsync(e.TransactionHash, CancellationToken.None);
        if (tx is null) return $"tx {e.TransactionHash} (not found) block {e.BlockNumber}";
        byte[] input = tx.Input;
        string how = "raw proof";
        if (input.Length >= 4 && input.AsSpan(0, 4).SequenceEqual(Abi.Selector(FeedContractAbi.Submit)))
        {
            input = (byte[])Abi.Decode("bytes", input[4..])[0]!;
            how = "submit(bytes)";
        }
        string report;
        try
        {
            var p = CompactProof.Decode(input);
            report = $"report round {p.Round} value {p.Value} observedAt {p.ObservedAt}";
        }
        catch (Exception x) when (x is FormatException or ArgumentException or InvalidOperationException)
        {
            report = "report not decodable: " + x.Message;
        }
        return $"tx {e.TransactionHash} block {e.BlockNumber} from {tx.From} nonce {tx.Nonce} as {how}, {report}";
    }

    private async Task<List<FeedEvent>> AnswerEventsAsync(ulong fromRound)
    {
        var logs = await D.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockTag.Earliest,
            ToBlock = BlockTag.Latest,
            Addresses = [D.Hub],
            Topics = [[Abi.EventTopic(FeedContractAbi.AnswerEvent)]],
        }, CancellationToken.None);
        return logs.Select(l => FeedEvent.Decode(l)).Where(e => e.RoundId >= fromRound).ToList();
    }

    private async Task<(BigInteger Answer, ulong ObservedAt)> GetRoundDataAsync(ulong roundId)
    {
        var ret = await D.Rpc.CallAsync(new CallRequest { To = D.FeedAdapter, Data = Abi.EncodeCall(FeedContractAbi.GetRoundData, (BigInteger)roundId) },
            BlockTag.Latest, CancellationToken.None);
        var v = Abi.Decode(FeedContractAbi.RoundDataReturns, ret);
        Assert.Equal((BigInteger)roundId, (BigInteger)v[0]!);
        return ((BigInteger)v[1]!, (ulong)(BigInteger)v[2]!);
    }

    private static BigInteger Scale(string value, int decimals)
    {
        var d = decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new BigInteger(Math.Round(d * (decimal)Math.Pow(10, decimals), MidpointRounding.AwayFromZero));
    }

    private static BigInteger Median(List<BigInteger> xs)
    {
        xs.Sort();
        int n = xs.Count;
        return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
    }

    private sealed class CallbackObserver(Action<RoundOutcome> on) : IRoundObserver
    {
        public void OnRound(RoundOutcome outcome) => on(outcome);
    }
}
