using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Attestation;
using Oracle.Relayer.Chains;

namespace Oracle.Relayer.Tests;

/// <summary>
/// An entry written through the gate lapses: the real sim enclave, registered on a stand-alone
/// <c>OracleRegistry</c> + <c>OracleFeed</c> (its own anvil, whose clock the test moves) by two
/// of three verifiers with a one-minute lifetime, is accepted, and after expiry its reports revert
/// with <c>SignerExpired</c> until the entry is renewed with fresh evidence.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class ExpiredEntryTests(DevnetFixture fx)
{
    private const ulong ChainId = 31339;
    private LocalDevnet D => fx.Devnet;

    [Fact]
    public async Task ReportsOfAnExpiredEntry_RevertOnOracleFeed_UntilRenewed()
    {
        var ct = CancellationToken.None;
        await using var chain = await AnvilNode.StartAsync(D.Paths.Anvil, fx.WorkDir, null, chainId: ChainId, ct: ct);
        var rpc = new EthJsonRpcClient(new HttpClient(), chain.RpcUrl, new RevertDecoder(FeedContractAbi.Errors));
        using var owner = EthKey.FromPrivateKey(chain.DevKeys[0]);
        var deployer = new ContractDeployer(rpc, owner, D.Paths);
        var registry = await deployer.DeployAsync("OracleRegistry", [], ct);
        var feed = await deployer.DeployAsync("OracleFeed", [registry, D.FeedId, (BigInteger)LocalDevnet.Decimals, "BTC/USD stand-alone", (BigInteger)0], ct);
        var keys = Enumerable.Range(0, 3).Select(_ => EthKey.Generate()).ToList();
        await deployer.CallAsync(registry, "setVerifiers(address[],uint256)", [keys.Select(k => (object?)k.Address).ToArray(), (BigInteger)2], ct);
        var verifiers = keys.Select(k => LocalDevnet.SimulationVerifier(D.Paths, k, TimeSpan.FromMinutes(1))).ToList();
        var registrar = new EnclaveRegistrar(verifiers, D.Enclave, rpc, owner, registry, ChainId, owner.Address, 1, NullLogger.Instance);

        var registration = await registrar.RegisterAsync(ct);
        Assert.Equal(2, registration.Signatures.Count);
        var head = (await rpc.GetBlockAsync(BlockTag.Latest, ct))!;
        Assert.InRange(registration.Entry.ExpiresAt, head.Timestamp + 40, head.Timestamp + 60);

        Assert.True((await deployer.CallAsync(feed, FeedContractAbi.Submit, [await ProofAsync(rpc, feed, 1)], ct)).Receipt.Succeeded);

        // 150 s: past the entry, within the enclave's 300 s allowance between chain time and the sources' Date.
        await rpc.SendRawAsync("evm_increaseTime", new JsonArray(150), ct);
        await rpc.SendRawAsync("evm_mine", new JsonArray(), ct);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a newer observedAt (the sources' Date, 1 s resolution)
        var expired = await ProofAsync(rpc, feed, 2);
        var e = await Assert.ThrowsAsync<EvmException>(() => rpc.CallAsync(new CallRequest { From = owner.Address, To = feed, Data = expired }, BlockTag.Latest, ct));
        var revert = Abi.DecodeRevert(e.Revert!.Raw, FeedContractAbi.Errors);
        Assert.Equal("SignerExpired", revert.Name);
        Assert.Equal(EthAddress.Parse(D.Identity.Signer), (EthAddress)revert.Args[0]!);
        Assert.Equal((BigInteger)registration.Entry.ExpiresAt, (BigInteger)revert.Args[1]!);

        // Renewal with fresh evidence makes the same report acceptable again.
        var renewed = await registrar.RenewIfDueAsync(EthAddress.Parse(D.Identity.Signer), TimeSpan.FromSeconds(30), ct);
        Assert.NotNull(renewed);
        Assert.True((await deployer.CallAsync(feed, FeedContractAbi.Submit, [expired], ct)).Receipt.Succeeded);
    }

    /// <summary>The real enclave's proof for round <paramref name="round"/> of the devnet job, signed for the stand-alone feed.</summary>
    private async Task<byte[]> ProofAsync(EthJsonRpcClient rpc, EthAddress feed, ulong round)
    {
        var head = (await rpc.GetBlockAsync(BlockTag.Latest, CancellationToken.None))!;
        var request = new JsonObject
        {
            ["job"] = D.Job.DeepClone(),
            ["round"] = round,
            ["chain_time"] = head.Timestamp,
            ["targets"] = new JsonArray(new JsonObject { ["chain_id"] = ChainId.ToString(CultureInfo.InvariantCulture), ["verifying_contract"] = feed.ToString() }),
        };
        var result = await D.Enclave.ExecuteAsync(request, CancellationToken.None);
        Assert.True(result.Ok, result.RawJson);
        return Assert.Single(result.Reports).Proof;
    }
}
