using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Oracle.Devnet;
using Oracle.Enclave.Client;
using Oracle.Evm;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Requests;
using Xunit.Abstractions;

namespace Oracle.Relayer.Tests;

/// <summary>A devnet with three validators, each with its own sim enclave host (power 1 each), window 3 blocks.</summary>
public sealed class ThreeValidatorFixture : IAsyncLifetime
{
    public LocalDevnet Devnet { get; private set; } = null!;

    public IReadOnlyList<ExtraValidator> Extra { get; private set; } = [];

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), $"oracle-3v-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        var options = new DevnetOptions { IntervalSeconds = 2, BlockTime = TimeSpan.FromSeconds(1), WorkDir = WorkDir, WindowBlocks = 3 };
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        Devnet = await LocalDevnet.StartAsync(options, RepoPaths.Find(), _ => { }, cts.Token);
        Extra = [await Devnet.AddValidatorAsync("v2", 1, cts.Token), await Devnet.AddValidatorAsync("v3", 1, cts.Token)];
    }

    public async Task DisposeAsync()
    {
        foreach (var v in Extra) v.Client.Dispose();
        if (Devnet is not null) await Devnet.DisposeAsync();
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Three validators with enclaves: the election's windows (a backup answers once its window opens, a
/// report of a validator whose window has not opened reverts), quorum k = 2 (two distinct elected
/// enclaves sign; one signature reverts), and a follower out of tolerance refusing to endorse.
/// </summary>
public sealed class ThreeValidatorTests : IClassFixture<ThreeValidatorFixture>
{
    private readonly ThreeValidatorFixture fx;
    private readonly ITestOutputHelper output;
    private readonly EthJsonRpcClient rpc;

    public ThreeValidatorTests(ThreeValidatorFixture fx, ITestOutputHelper output)
    {
        this.fx = fx;
        this.output = output;
        rpc = new EthJsonRpcClient(new HttpClient(), fx.Devnet.Anvil.RpcUrl, new RevertDecoder(FeedContractAbi.Errors.Concat(RequestsAbi.Errors)));
    }

    private LocalDevnet D => fx.Devnet;

    /// <summary>(validator, enclave client, enclave signer) of each validator.</summary>
    private IReadOnlyList<(EthAddress Validator, IEnclaveClient Client, EthAddress Signer, string Name)> All =>
    [
        (D.Owner.Address, D.Enclave, D.Registration.Entry.Signer, "v1"),
        .. fx.Extra.Select(e => (e.Validator, (IEnclaveClient)e.Client, e.Signer, e.Name)),
    ];

    private async Task<int[]> OrderAsync(MadeRequest r)
    {
        var count = (int)(BigInteger)Abi.Decode("uint256", await rpc.CallAsync(new CallRequest { To = D.Hub, Data = Abi.EncodeCall(RequestsAbi.ValidatorCount) }))[0]!;
        Assert.Equal(3, count);
        var validators = new List<EthAddress>();
        var powers = new List<ulong>();
        for (int i = 0; i < count; i++)
        {
            var v = Abi.Decode(RequestsAbi.ValidatorTuple, await rpc.CallAsync(new CallRequest { To = D.Hub, Data = Abi.EncodeCall(RequestsAbi.ValidatorAt, (BigInteger)i) }));
            validators.Add((EthAddress)v[0]!);
            powers.Add((ulong)(BigInteger)v[1]!);
        }
        registryOrder = validators;
        return Election.Order(powers, r.Randomness, Hex.Decode(r.Id), count);
    }

    private List<EthAddress> registryOrder = [];

    private (EthAddress Validator, IEnclaveClient Client, EthAddress Signer, string Name) At(int registryIndex) =>
        All.Single(v => v.Validator == registryOrder[registryIndex]);

    private async Task<CompactProof> SignAsync(IEnclaveClient client, MadeRequest r, int attempt, string spec)
    {
        var head = await rpc.GetBlockAsync(BlockTag.Latest);
        var result = (await client.ExecuteAsync(RequestDeliveryJob.ExecuteRequest(spec, attempt, r.Id, head!.Timestamp, 31337, D.Requests))).EnsureOk();
        return CompactProof.Decode(result.Reports.Single().Proof);
    }

    private async Task<RevertReason?> SimulateFulfillAsync(MadeRequest r, CompactProof proof)
    {
        try
        {
            await rpc.CallAsync(new CallRequest { From = D.RelayerKey.Address, To = D.Requests, Data = Abi.EncodeCall(RequestsAbi.Fulfill, Hex.Decode(r.Id), proof.Encode()) });
            return null;
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
        {
            return e.Revert ?? throw new InvalidOperationException("a revert without data", e);
        }
    }

    [Fact]
    public async Task ReportOfAValidatorWhoseWindowHasNotOpened_Reverts_UntilItOpens_AndOneSignatureIsNotAQuorum()
    {
        var driver = new RequestDriver(D);
        var r = await driver.AskAsync(2, D.RequestSpec);
        var order = await OrderAsync(r);
        var backup = At(order[1]);
        var proof = await SignAsync(backup.Client, r, 1, D.RequestSpec);
        ulong head = await rpc.BlockNumberAsync();
        if (head < r.Block + 3)
        {
            var early = await SimulateFulfillAsync(r, proof);
            Assert.NotNull(early);
            Assert.Equal("NotElected", early!.Name);
            Assert.Equal(backup.Signer, (EthAddress)early.Args[0]!);
            output.WriteLine($"attempt 1 ({backup.Name}) at block {head}, request block {r.Block}: {early}");
        }
        else
        {
            Assert.Fail($"the chain moved {head - r.Block} blocks before the check could run; the window test needs it under 3");
        }
        // eth_call on the latest block runs with its number: from requestBlock + 3 on, attempt 1 is open.
        while (await rpc.BlockNumberAsync() < r.Block + 3) await Task.Delay(200);
        Assert.Null(await SimulateFulfillAsync(r, proof));

        // Quorum 2: the leader's signature alone is not enough.
        var q = await driver.AskAsync(2, D.RequestSpec, quorum: 2);
        var qOrder = await OrderAsync(q);
        var leaderOnly = await SignAsync(At(qOrder[0]).Client, q, 0, D.RequestSpec);
        var refused = await SimulateFulfillAsync(q, leaderOnly);
        Assert.Equal("NotEnoughSigners", refused?.Name);
        Assert.Equal([(BigInteger)1, (BigInteger)2], refused!.Args.Cast<BigInteger>());
    }

    [Fact]
    public async Task Follower_WhoseOwnValueIsOutOfTolerance_RefusesToEndorse()
    {
        var driver = new RequestDriver(D);
        var r = await driver.AskAsync(2, D.RequestSpec, quorum: 2);
        var order = await OrderAsync(r);
        var leader = await SignAsync(At(order[0]).Client, r, 0, D.RequestSpec);
        var follower = At(order[1]);
        var head = await rpc.GetBlockAsync(BlockTag.Latest);
        JsonObject Ask(BigInteger value)
        {
            var ask = RequestDeliveryJob.ExecuteRequest(D.RequestSpec, 0, r.Id, head!.Timestamp, 31337, D.Requests);
            ask["endorse"] = new JsonObject
            {
                ["value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["data"] = "0x",
                ["observed_at"] = leader.ObservedAt,
                ["sources_hash"] = Hex.Encode(leader.SourcesHash),
            };
            return ask;
        }
        // The job allows 200 bps between sources; a leader value 10 % off is refused.
        var refused = await follower.Client.EndorseAsync(Ask(leader.Value * 110 / 100));
        Assert.False(refused.Ok);
        Assert.Equal("endorse_out_of_tolerance", refused.Error?.Name);
        Assert.Empty(refused.Reports);
        // The leader's own value is endorsed: same report, the follower's signature.
        var endorsed = await follower.Client.EndorseAsync(Ask(leader.Value));
        Assert.True(endorsed.Ok, endorsed.Error?.Detail);
        var e = CompactProof.Decode(endorsed.Reports.Single().Proof);
        Assert.Equal(leader.Value, e.Value);
        Assert.Equal(follower.Signer, e.Signer(0, e.Digest(31337, D.Requests)));
    }

    [Fact]
    public async Task ElectedValidatorStopped_FirstBackupFulfilsOnceItsWindowOpens_AndQuorumTwoUsesTwoElectedEnclaves()
    {
        var driver = new RequestDriver(D);
        var hosts = new List<(IHost Host, ListLoggerProvider Logs)>();
        (IHost, ListLoggerProvider) Start(int index, int payingKey)
        {
            var v = All[index];
            var logs = new ListLoggerProvider();
            var o = RequestDriver.RequestsOnly(Path.Combine(fx.WorkDir, $"{v.Name}.db"), payingKey: D.Anvil.DevKeys[payingKey]);
            o["Relayer:Requests:0:Validator"] = v.Validator.ToString();
            o["EnclaveClient:Endpoint"] = index == 0 ? D.EnclaveEndpoint.ToString() : fx.Extra[index - 1].Endpoint.ToString();
            int p = 0;
            foreach (var peer in All.Where(x => x.Validator != v.Validator))
            {
                o[$"Relayer:Requests:0:Peers:{p}:Validator"] = peer.Validator.ToString();
                o[$"Relayer:Requests:0:Peers:{p}:Endpoint"] = (peer.Name == "v1" ? D.EnclaveEndpoint : fx.Extra.Single(x => x.Name == peer.Name).Endpoint).ToString();
                o[$"Relayer:Requests:0:Peers:{p}:CaCertificatePath"] = D.Paths.DevCa.Cert;
                p++;
            }
            var host = D.BuildRelayer(new NoRounds(), l => l.AddProvider(logs), o);
            return (host, logs);
        }
        try
        {
            // v1's relayer is stopped: only v2 and v3 answer.
            foreach (var (index, key) in new[] { (1, 1), (2, 3) })
            {
                var h = Start(index, key);
                await h.Item1.StartAsync();
                hosts.Add(h);
            }
            string Logs() => string.Join("\n---\n", hosts.Select(h => h.Logs.Dump()));
            MadeRequest? backedUp = null;
            var answeredFirst = new List<MadeRequest>();
            for (int i = 0; i < 30 && backedUp is null; i++)
            {
                var r = await driver.AskAsync(0, D.RequestSpec);
                var order = await OrderAsync(r);
                if (At(order[0]).Name == "v1") backedUp = r;
                else answeredFirst.Add(r);
            }
            Assert.NotNull(backedUp);
            await driver.WaitAnsweredAsync(answeredFirst.Select(x => x.Id).Append(backedUp!.Id), TimeSpan.FromSeconds(90), Logs);
            var events = await driver.FulfilledAsync();
            var b = events.Single(e => e.Id == backedUp.Id);
            var bOrder = await OrderAsync(backedUp);
            Assert.Equal(At(bOrder[1]).Signer, b.Leader);
            Assert.True(b.Block >= backedUp.Block + 3, $"the backup answered in block {b.Block}, before its window opened at {backedUp.Block + 3}");
            output.WriteLine($"v1 elected first for {backedUp.Id}, requested in block {backedUp.Block}; backup {At(bOrder[1]).Name} answered in block {b.Block}");
            foreach (var r in answeredFirst)
            {
                var order = await OrderAsync(r);
                Assert.Equal(At(order[0]).Signer, events.Single(e => e.Id == r.Id).Leader);
            }

            // All three running: quorum 2 gets the leader's and the first follower's signatures.
            var first = Start(0, 2);
            await first.Item1.StartAsync();
            hosts.Add(first);
            var q = await driver.AskAsync(0, D.RequestSpec, quorum: 2);
            await driver.WaitAnsweredAsync([q.Id], TimeSpan.FromSeconds(90), Logs);
            Assert.Equal(OnChainStatus.Fulfilled, (await driver.StatusAsync(q.Id)).Status);
            var tx = Assert.Single(await driver.FulfillTransactionsAsync(q.Block), t => t.Id == q.Id);
            Assert.Equal(2, tx.Proof.Signatures.Count);
            var digest = tx.Proof.Digest(31337, D.Requests);
            var signers = new[] { tx.Proof.Signer(0, digest), tx.Proof.Signer(1, digest) };
            var qOrder = await OrderAsync(q);
            Assert.Equal(new[] { At(qOrder[0]).Signer, At(qOrder[1]).Signer }.OrderBy(a => a.ToString(), StringComparer.OrdinalIgnoreCase), signers);
        }
        finally
        {
            foreach (var (host, _) in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    [Fact]
    public async Task QuorumFeed_RoundIsSignedByTwoEnclaves_AndOneSignatureReverts()
    {
        var ct = CancellationToken.None;
        var deployer = new ContractDeployer(rpc, D.Owner, D.Paths);
        var feed = await deployer.DeployAsync("OracleQuorumFeed", [D.Hub, D.FeedId, (BigInteger)LocalDevnet.Decimals, "BTC/USD quorum 2", (BigInteger)0, (BigInteger)2], ct);
        var rounds = new Rounds();
        var o = new Dictionary<string, string?>
        {
            ["Relayer:Requests"] = null,
            ["Relayer:Chains:0:Confirmations"] = "0",
            ["Relayer:Feeds:0:Targets:0:Contract"] = feed.ToString(),
            ["Relayer:Feeds:0:Quorum"] = "2",
            ["Relayer:Feeds:0:Schedule"] = "0/2 * * * * ?",
        };
        // v3's enclave host is listed first but refuses nothing; v2 comes second and is not needed.
        for (int i = 0; i < 2; i++)
        {
            o[$"Relayer:Feeds:0:Peers:{i}:Validator"] = fx.Extra[1 - i].Validator.ToString();
            o[$"Relayer:Feeds:0:Peers:{i}:Endpoint"] = fx.Extra[1 - i].Endpoint.ToString();
            o[$"Relayer:Feeds:0:Peers:{i}:CaCertificatePath"] = D.Paths.DevCa.Cert;
        }
        var logs = new ListLoggerProvider();
        using var host = D.BuildRelayer(rounds, l => l.AddProvider(logs), o, maxRounds: 1);
        await host.StartAsync(ct);
        try
        {
            var finished = await Task.WhenAny(rounds.FirstOk.Task, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(finished == rounds.FirstOk.Task, $"no quorum round within 60 s:\n{logs.Dump()}");
            var done = await rounds.FirstOk.Task;
            var sub = Assert.Single(done.Targets).Submission!;
            var tx = await rpc.GetTransactionByHashAsync(sub.TransactionHash);
            var proof = CompactProof.Decode(tx!.Input);
            Assert.Equal(2, proof.Signatures.Count);
            var digest = proof.Digest(31337, feed);
            var signers = new[] { proof.Signer(0, digest), proof.Signer(1, digest) };
            Assert.Equal(new[] { D.Registration.Entry.Signer, fx.Extra[1].Signer }.OrderBy(a => a.ToString(), StringComparer.OrdinalIgnoreCase), signers);
            var latest = Abi.Decode(FeedContractAbi.RoundDataReturns, await rpc.CallAsync(new CallRequest { To = feed, Data = Abi.EncodeCall(FeedContractAbi.LatestRoundData) }));
            Assert.Equal(done.Value, (BigInteger)latest[1]!);

            // The leader's report alone is refused by the contract.
            var single = proof.WithSignatures([proof.Signatures[Array.IndexOf(signers, D.Registration.Entry.Signer)]]);
            try
            {
                await rpc.CallAsync(new CallRequest { From = D.RelayerKey.Address, To = feed, Data = single.Encode() });
                Assert.Fail("a one-signature proof was accepted by a quorum-2 feed");
            }
            catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
            {
                Assert.Equal("FeedSignersMismatch", Abi.DecodeRevert(e.Revert!.Raw, "FeedSignersMismatch(uint256,uint256)").Name);
            }
        }
        finally
        {
            await host.StopAsync(ct);
        }
    }

    private sealed class Rounds : IRoundObserver
    {
        public TaskCompletionSource<RoundOutcome> FirstOk { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnRound(RoundOutcome outcome)
        {
            if (outcome.Ok) FirstOk.TrySetResult(outcome);
        }
    }

}
