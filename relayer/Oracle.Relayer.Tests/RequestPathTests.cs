using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Requests;
using Oracle.Sources;
using Xunit.Abstractions;

namespace Oracle.Relayer.Tests;

/// <summary>
/// The request path on the devnet (one validator, the sim enclave): OracleRequested seen, the job
/// executed in the enclave, fulfill sent once; refused specs answered with a signed error report;
/// a reorg that drops a request's block; the relayer process killed with SIGKILL again and again
/// while 200 requests come in.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class RequestPathTests : IClassFixture<CliBadInputTests.Cli>
{
    private readonly DevnetFixture fx;
    private readonly CliBadInputTests.Cli cli;
    private readonly ITestOutputHelper output;

    public RequestPathTests(DevnetFixture fx, CliBadInputTests.Cli cli, ITestOutputHelper output)
    {
        this.fx = fx;
        this.cli = cli;
        this.output = output;
    }

    private LocalDevnet D => fx.Devnet;


    private (IHost Host, ListLoggerProvider Logs) Relayer(string name, int confirmations = 0)
    {
        var logs = new ListLoggerProvider();
        var host = D.BuildRelayer(new NoRounds(), l => l.AddProvider(logs),
            RequestDriver.RequestsOnly(Path.Combine(fx.WorkDir, $"{name}.db"), confirmations));
        return (host, logs);
    }

    [Fact]
    public async Task Request_IsFulfilledOnce_WithTheEnclavesValue_AndTheCallbackGetsIt()
    {
        var driver = new RequestDriver(D);
        var (host, logs) = Relayer("single");
        await host.StartAsync();
        try
        {
            var r = await driver.AskAsync(2, D.RequestSpec);
            await driver.WaitAnsweredAsync([r.Id], TimeSpan.FromSeconds(60), logs.Dump);
            var status = await driver.StatusAsync(r.Id);
            Assert.Equal(OnChainStatus.Fulfilled, status.Status);
            var ev = Assert.Single(await driver.FulfilledAsync(), f => f.Id == r.Id);
            Assert.True(ev.Ok);
            Assert.True(ev.Value > 0, $"value {ev.Value}");
            Assert.Equal(D.Registration.Entry.Signer, ev.Leader);
            var answer = await driver.AnswerOfAsync(r.Id);
            Assert.True(answer.Answered && answer.Ok);
            Assert.Equal(ev.Value, answer.Value);
            // The proof names the request, attempt 0, and the spec the contract hashed.
            var sent = Assert.Single(await driver.FulfillTransactionsAsync(r.Block), t => t.Id == r.Id);
            Assert.True(sent.Succeeded);
            Assert.Equal(0UL, sent.Proof.Round);
            Assert.Equal(Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(D.RequestSpec)), sent.Proof.FeedId);
            output.WriteLine($"request in block {r.Block}, fulfilled in block {ev.Block} ({ev.Block - r.Block} block(s) later)");
            Assert.True(ev.Block - r.Block <= 3, $"fulfilled {ev.Block - r.Block} blocks after the request");
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task RequestWithARefusedSpec_IsAnsweredWithASignedErrorReport()
    {
        var driver = new RequestDriver(D);
        // Canonical JSON, but a plain-http source: the enclave refuses it before any connection.
        var job = JsonNode.Parse(D.RequestSpec)!.AsObject();
        job["sources"]![0]!["url"] = "http://api.exchange.example/price";
        string spec = Jcs.CanonicalizeToString(job, integersOnly: true);
        var (host, logs) = Relayer("refused");
        await host.StartAsync();
        try
        {
            var r = await driver.AskAsync(2, spec);
            await driver.WaitAnsweredAsync([r.Id], TimeSpan.FromSeconds(60), logs.Dump);
            Assert.Equal(OnChainStatus.Failed, (await driver.StatusAsync(r.Id)).Status);
            var ev = Assert.Single(await driver.FulfilledAsync(), f => f.Id == r.Id);
            Assert.False(ev.Ok);
            Assert.Equal(0, ev.Value);
            Assert.Equal("job_url", System.Text.Encoding.UTF8.GetString(ev.Data));
            var answer = await driver.AnswerOfAsync(r.Id);
            Assert.True(answer.Answered);
            Assert.False(answer.Ok);
            Assert.Equal("job_url", System.Text.Encoding.UTF8.GetString(answer.Data));
            Assert.True(logs.Any("refused the spec"), logs.Dump());
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task Reorg_DroppingARequestsBlock_ProducesNoFulfilment_AndTheReMinedRequestIsFulfilled()
    {
        var driver = new RequestDriver(D);
        // Three confirmations: the watcher sees the request at once (and stores it), but acts only
        // three blocks later; the reorg comes first.
        var (host, logs) = Relayer("reorg", confirmations: 3);
        await host.StartAsync();
        try
        {
            await WaitAsync(() => logs.Any("cursor"), TimeSpan.FromSeconds(30), "the watcher did not start", logs.Dump);
            string snapshot = (await D.Rpc.SendRawAsync("evm_snapshot", [], CancellationToken.None)).GetString()!;
            var dropped = await driver.AskAsync(3, D.RequestSpec);
            await WaitAsync(() => logs.Any($"request {dropped.Id} in block"), TimeSpan.FromSeconds(30), "the watcher did not see the request", logs.Dump);
            Assert.True((await D.Rpc.SendRawAsync("evm_revert", [snapshot], CancellationToken.None)).GetBoolean());
            Assert.Equal(OnChainStatus.None, (await driver.StatusAsync(dropped.Id)).Status);
            await WaitAsync(() => logs.Any("forgot") && logs.Any(dropped.Id + "") && logs.Lines.Any(l => l.Contains("reorg", StringComparison.Ordinal) && l.Contains(dropped.Id, StringComparison.OrdinalIgnoreCase)),
                TimeSpan.FromSeconds(30), "the watcher did not forget the dropped request", logs.Dump);

            // The same request again (a new transaction, a new block, new randomness): fulfilled. A new
            // driver: the old one's nonce counter still counts the dropped transaction.
            // It lands at another height than the dropped one (anvil's prevrandao follows the height, and
            // the id hashes it), so that the two are told apart below.
            driver = new RequestDriver(D);
            while (await D.Rpc.BlockNumberAsync() <= dropped.Block) await Task.Delay(200);
            var again = await driver.AskAsync(3, D.RequestSpec);
            Assert.NotEqual(dropped.Id, again.Id);
            await driver.WaitAnsweredAsync([again.Id], TimeSpan.FromSeconds(60), logs.Dump);
            Assert.Equal(OnChainStatus.Fulfilled, (await driver.StatusAsync(again.Id)).Status);
            // Long past the dropped request's confirmations: nothing was ever sent for it.
            ulong head = await D.Rpc.BlockNumberAsync();
            Assert.True(head >= dropped.Block + 3);
            Assert.DoesNotContain(await driver.FulfillTransactionsAsync(Math.Min(dropped.Block, again.Block) - 1), t => t.Id == dropped.Id);
            Assert.DoesNotContain(await driver.FulfilledAsync(), f => f.Id == dropped.Id);
            Assert.Equal(OnChainStatus.None, (await driver.StatusAsync(dropped.Id)).Status);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task CrashTest_200Requests_RelayerKilledTenTimes_EachFulfilledExactlyOnce()
    {
        const int Requests = 200;
        const int MinKills = 10;
        var driver = new RequestDriver(D);
        string config = Path.Combine(fx.WorkDir, "relayer-crash.json");
        D.WriteRelayerConfig(config, RequestDriver.RequestsOnly(Path.Combine(fx.WorkDir, "crash.db")));
        ulong answersBefore = await driver.AnswersAsync();
        ulong firstBlock = await D.Rpc.BlockNumberAsync();
        var seed = Environment.TickCount;
        output.WriteLine($"random seed {seed}");
        var random = new Random(seed);

        // Requests from three accounts, eight in flight per account, while the relayer dies and comes back.
        var made = new System.Collections.Concurrent.ConcurrentBag<MadeRequest>();
        int next = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var senders = new[] { 0, 2, 3 }.SelectMany(account => Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= Requests)
                made.Add(await driver.AskAsync(account, D.RequestSpec, ct: stop.Token));
        }))).ToList();
        var sending = Task.WhenAll(senders);

        int kills = 0, life = 0;
        var lives = new List<string>();
        while (kills < MinKills || !sending.IsCompleted)
        {
            Assert.False(stop.IsCancellationRequested, "the crash test ran out of time");
            string log = Path.Combine(fx.WorkDir, $"crash-relayer-{++life}.log");
            lives.Add(log);
            await using var relayer = ChildProcess.Start("dotnet", [cli.Dll, "relayer", "--config", config], log, workDir: fx.WorkDir);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2000, 7000)), stop.Token);
            Assert.False(relayer.HasExited, $"the relayer exited by itself:\n{relayer.RecentOutput}");
            // DisposeAsync kills it with SIGKILL.
            kills++;
        }
        if (sending.IsFaulted) await sending;
        Assert.Equal(Requests, made.Count);

        // A last life, left to finish.
        await using (var last = ChildProcess.Start("dotnet", [cli.Dll, "relayer", "--config", config], Path.Combine(fx.WorkDir, "crash-relayer-last.log"), workDir: fx.WorkDir))
        {
            await driver.WaitAnsweredAsync(made.Select(m => m.Id), TimeSpan.FromMinutes(4), () => last.RecentOutput);
        }

        // Exactly once, three ways: storage, events and transactions agree.
        var ids = made.Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(Requests, ids.Count);
        foreach (var id in ids) Assert.Equal(OnChainStatus.Fulfilled, (await driver.StatusAsync(id)).Status);
        var events = (await driver.FulfilledAsync()).Where(f => ids.Contains(f.Id)).ToList();
        Assert.Equal(Requests, events.Count);
        Assert.Equal(Requests, events.Select(e => e.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var sent = (await driver.FulfillTransactionsAsync(firstBlock)).Where(t => ids.Contains(t.Id)).ToList();
        var twice = sent.GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} request(s) got a second fulfill transaction: {string.Join(", ", twice.Take(5))}");
        Assert.All(sent, t => Assert.True(t.Succeeded, $"fulfill {t.Tx} reverted"));
        Assert.Equal(Requests, sent.Count);
        Assert.Equal(answersBefore + Requests, await driver.AnswersAsync());
        // The kills hit a relayer at work: several lives fulfilled requests and were cut short.
        var texts = lives.Where(File.Exists).Select(File.ReadAllText).ToList();
        int working = texts.Count(t => t.Contains("fulfilled by attempt", StringComparison.Ordinal));
        int skipped = texts.Sum(t => System.Text.RegularExpressions.Regex.Matches(t, "already fulfilled on chain; nothing sent").Count);
        output.WriteLine($"{Requests} requests, {kills} SIGKILLs, {lives.Count + 1} relayer lives ({working} of the killed ones fulfilled requests; " +
                         $"{skipped} deliveries found their request already fulfilled after a restart and sent nothing), {sent.Count} fulfill transactions, none reverted");
        Assert.True(working >= 3, $"only {working} killed relayer lives fulfilled anything: the kills did not interrupt work");
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} within {timeout}\n{diagnostics()}");
            await Task.Delay(100);
        }
    }
}
