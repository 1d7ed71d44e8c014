using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Feeds;
using Xunit.Abstractions;

namespace Oracle.Relayer.Tests;

/// <summary>
/// The relayer as its own process (<c>oracle-cli relayer --config FILE</c>), killed with SIGKILL in the
/// middle of a run and started again: it carries on with the next round, read from the chain.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class RelayerProcessRestartTests : IClassFixture<CliBadInputTests.Cli>
{
    private readonly DevnetFixture fx;
    private readonly CliBadInputTests.Cli cli;
    private readonly ITestOutputHelper output;

    public RelayerProcessRestartTests(DevnetFixture fx, CliBadInputTests.Cli cli, ITestOutputHelper output)
    {
        this.fx = fx;
        this.cli = cli;
        this.output = output;
    }

    private LocalDevnet D => fx.Devnet;

    [Fact]
    public async Task RelayerProcess_KilledAndRestarted_CarriesOnWithTheNextRound()
    {
        string config = Path.Combine(fx.WorkDir, "relayer-process.json");
        D.WriteRelayerConfig(config);
        ulong start = (await LatestAsync()).RoundId;

        // First life: until two new rounds are on chain, then SIGKILL (no graceful stop).
        await using (var first = StartRelayer("relayer-1.log", config))
        {
            await WaitForRoundAsync(start + 2, first);
        }
        ulong afterKill = (await LatestAsync()).RoundId;
        Assert.True(afterKill >= start + 2);

        // Second life: the same configuration, nothing else carried over.
        await using (var second = StartRelayer("relayer-2.log", config))
        {
            await WaitForRoundAsync(afterKill + 2, second);
            Assert.Contains($"round {afterKill + 1}", second.RecentOutput);
        }

        // Every accepted answer since the start, in order, carried the enclave round the chain expected:
        // report round == contract round id, with no gap and no repeat across the kill.
        var logs = await D.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockTag.Earliest, ToBlock = BlockTag.Latest, Addresses = [D.Hub],
            Topics = [[Abi.EventTopic(FeedContractAbi.AnswerEvent)]],
        }, CancellationToken.None);
        var mine = logs.Select(l => (Event: FeedEvent.Decode(l), Log: l)).Where(x => x.Event.RoundId > start).ToList();
        Assert.Equal(Enumerable.Range(1, mine.Count).Select(i => start + (ulong)i), mine.Select(x => x.Event.RoundId));
        foreach (var (ev, log) in mine)
        {
            var tx = await D.Rpc.GetTransactionByHashAsync(log.TransactionHash!, CancellationToken.None);
            var proof = CompactProof.Decode(tx!.Input);
            Assert.Equal(ev.RoundId, proof.Round);
            Assert.Equal(D.Identity.Signer, ev.Signer, ignoreCase: true);
        }
        output.WriteLine($"rounds {start + 1}..{start + (ulong)mine.Count} across a SIGKILL after round {afterKill}");
    }

    private ChildProcess StartRelayer(string log, string config) =>
        ChildProcess.Start("dotnet", [cli.Dll, "relayer", "--config", config], Path.Combine(fx.WorkDir, log), workDir: fx.WorkDir);

    private async Task WaitForRoundAsync(ulong round, ChildProcess relayer)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await LatestAsync()).RoundId < round)
        {
            Assert.False(relayer.HasExited, $"the relayer exited:\n{relayer.RecentOutput}");
            Assert.True(DateTime.UtcNow < deadline, $"round {round} not on chain within 60 s; relayer output:\n{relayer.RecentOutput}");
            await Task.Delay(200);
        }
    }

    private Task<FeedState> LatestAsync() => fx.LatestAsync();
}
