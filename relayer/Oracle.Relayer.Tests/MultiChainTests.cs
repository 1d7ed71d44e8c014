using System.Numerics;
using Microsoft.Extensions.Logging;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Chains;
using Xunit.Abstractions;

namespace Oracle.Relayer.Tests;

/// <summary>
/// One feed, two target chains: a second anvil with its own chain id and its own hub. Each round the
/// enclave signs one report per target (the EIP-712 domain binds chain and contract) and the relayer
/// submits each to its chain; a report for one chain is refused by the other.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class MultiChainTests
{
    private readonly DevnetFixture fx;
    private readonly ITestOutputHelper output;

    public MultiChainTests(DevnetFixture fx, ITestOutputHelper output)
    {
        this.fx = fx;
        this.output = output;
    }

    private LocalDevnet D => fx.Devnet;

    [Fact]
    public async Task Round_IsSubmittedToEveryTargetChain_EachWithItsOwnReport()
    {
        var ct = CancellationToken.None;
        await using var second = await AnvilNode.StartAsync(D.Paths.Anvil, fx.WorkDir, TimeSpan.FromSeconds(1), chainId: 31338, ct: ct);
        var rpc2 = new EthJsonRpcClient(new HttpClient(), second.RpcUrl, new RevertDecoder(FeedContractAbi.Errors));
        using var owner2 = EthKey.FromPrivateKey(second.DevKeys[0]);
        var deployer = new ContractDeployer(rpc2, owner2, D.Paths);
        var hub2 = await deployer.DeployAsync("OracleHub", [], ct);
        ulong now = (await rpc2.GetBlockAsync(BlockTag.Latest, ct))!.Timestamp;
        await deployer.CallAsync(hub2, "setValidator(address,uint64,address,bytes32,uint8,uint64)",
            [owner2.Address, (BigInteger)1, EthAddress.Parse(D.Identity.Signer), new byte[32], (BigInteger)LocalDevnet.TcbStatusSimulated, (BigInteger)(now + 86400)], ct);
        await deployer.CallAsync(hub2, "createFeed(bytes32,uint8,string,uint16)", [D.FeedId, (BigInteger)LocalDevnet.Decimals, "BTC/USD second chain", (BigInteger)4], ct);

        var overrides = new Dictionary<string, string?>
        {
            ["Relayer:Chains:1:Name"] = "second",
            ["Relayer:Chains:1:Kind"] = "evm",
            ["Relayer:Chains:1:RpcUrl"] = second.RpcUrl.ToString(),
            ["Relayer:Chains:1:ChainId"] = "31338",
            ["Relayer:Chains:1:PrivateKey"] = second.DevKeys[1],
            ["Relayer:Chains:1:Confirmations"] = "1",
            ["Relayer:Feeds:0:Targets:1:Chain"] = "second",
            ["Relayer:Feeds:0:Targets:1:Contract"] = hub2.ToString(),
        };
        var progress = new DevnetProgress(TextWriter.Null, json: false, rounds: 2);
        using (var logs = new FileLoggerProvider(Path.Combine(fx.WorkDir, "multichain.log"), line => output.WriteLine(line)))
        using (var host = D.BuildRelayer(progress, l => l.AddProvider(logs), overrides, maxRounds: 2))
        {
            await host.StartAsync(ct);
            try
            {
                Assert.True(await progress.Done.Task.WaitAsync(TimeSpan.FromSeconds(90)), "too many failed rounds");
            }
            finally
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StopAsync(stop.Token);
            }
        }

        var ok = progress.Outcomes.Where(o => o.Ok).ToList();
        Assert.Equal(2, ok.Count);
        foreach (var o in ok)
        {
            Assert.Equal(2, o.Targets.Count);
            Assert.All(o.Targets, t => Assert.NotNull(t.Submission));
            Assert.Equal(["devnet", "second"], o.Targets.Select(t => t.Chain));
            Assert.All(o.Targets, t => Assert.Equal(D.Identity.Signer, t.Submission!.Signer, ignoreCase: true));
            Assert.All(o.Targets, t => Assert.Equal(o.Value, t.Submission!.Answer));
        }

        // The second chain's hub holds the same answers, read back from it.
        var ret = await rpc2.CallAsync(new CallRequest { To = hub2, Data = Abi.EncodeCall(FeedContractAbi.LatestRoundDataOf, D.FeedId) }, BlockTag.Latest, ct);
        Assert.Equal(ok[^1].Value, (BigInteger)Abi.Decode(FeedContractAbi.RoundDataReturns, ret)[1]!);

        // A report the enclave signed for the first chain does not verify on the second.
        var first = await D.Rpc.GetTransactionByHashAsync(ok[^1].Targets[0].Submission!.TransactionHash, ct);
        var e = await Assert.ThrowsAsync<EvmException>(() => rpc2.CallAsync(new CallRequest { From = owner2.Address, To = hub2, Data = first!.Input }, BlockTag.Latest, ct));
        var reason = Abi.DecodeRevert(e.Revert!.Raw, FeedContractAbi.Errors);
        Assert.Equal("SignerNotRegistered", reason.Name);
        Assert.NotEqual(EthAddress.Parse(D.Identity.Signer), (EthAddress)reason.Args[0]!);
        output.WriteLine($"first chain's report on the second chain: {reason}");
    }
}
