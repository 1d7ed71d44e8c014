using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Oracle.Evm.Tests.Support;
using static Oracle.Evm.Tests.Anvil.AnvilTestKit;

namespace Oracle.Evm.Tests.Anvil;

public sealed class EthJsonRpcClientTests
{
    private static readonly string PingEvent = "Ping(bytes32 indexed tag, uint256 amount)";

    [Fact]
    public async Task Queries_ReturnChainState_OnAnvil()
    {
        await using var anvil = await AnvilNode.StartAsync();
        var rpc = anvil.Rpc;
        var ct = Bounded();
        Assert.Equal(31337, await rpc.ChainIdAsync(ct));
        Assert.Equal(0UL, await rpc.BlockNumberAsync(ct));
        var genesis = await rpc.GetBlockAsync(BlockTag.Latest, ct);
        Assert.NotNull(genesis);
        Assert.Equal(0UL, genesis.Number);
        Assert.Equal(66, genesis.Hash.Length);
        Assert.True(genesis.BaseFeePerGas > 0);
        Assert.Null(await rpc.GetBlockAsync(1000, ct));
        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        Assert.Equal(0UL, await rpc.GetTransactionCountAsync(key.Address, BlockTag.Pending, ct));
        Assert.True(await rpc.GetBalanceAsync(key.Address, BlockTag.Latest, ct) > 0);
        Assert.Empty(await rpc.GetCodeAsync(key.Address, BlockTag.Latest, ct));
        Assert.True(await rpc.MaxPriorityFeePerGasAsync(ct) >= 0);
        Assert.StartsWith("anvil", await rpc.SendAsync<string>("web3_clientVersion", [], ct));
        var history = await rpc.FeeHistoryAsync(4, BlockTag.Latest, [25, 75], ct);
        Assert.Equal(history.GasUsedRatio.Count + 1, history.BaseFeePerGas.Count);
    }

    [Fact]
    public async Task CallReceiptAndLogs_DecodeEchoContract_OnAnvil()
    {
        await using var anvil = await AnvilNode.StartAsync();
        var rpc = anvil.Rpc;
        var ct = Bounded();
        var topic = Abi.EventTopic(PingEvent);
        var echo = await anvil.DeployAsync(Contracts.Echo(topic));
        Assert.NotEmpty(await rpc.GetCodeAsync(echo, BlockTag.Latest, ct));

        // The echo contract logs its call data under the Ping topic: the data is (uint256 amount).
        var data = Abi.Encode("uint256", 42);
        Assert.Equal(data, await rpc.CallAsync(new CallRequest { To = echo, Data = data }, BlockTag.Latest, ct));
        Assert.True(await rpc.EstimateGasAsync(new CallRequest { To = echo, Data = data }, BlockTag.Latest, ct) > 21000);

        using var key = EthKey.FromPrivateKey(AnvilNode.Account0Key);
        var outcome = await Sender(anvil).SendAsync(key, echo, data, null, Fast, ct);
        var receipt = outcome.Receipt;
        Assert.True(receipt.Succeeded);
        Assert.Equal(outcome.Hash, receipt.TransactionHash);
        Assert.True(receipt.EffectiveGasPrice > 0);
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(echo, log.Address);
        Assert.Equal(topic, log.Topics[0]);
        Assert.Equal(data, log.Data);

        var logs = await rpc.GetLogsAsync(new LogFilter { FromBlock = BlockTag.Earliest, Addresses = [echo], Topics = [[topic]] }, ct);
        Assert.Equal(receipt.BlockHash, Assert.Single(logs).BlockHash);

        var transaction = await rpc.GetTransactionByHashAsync(outcome.Hash, ct);
        Assert.NotNull(transaction);
        Assert.Equal(key.Address, transaction.From);
        Assert.Equal(data, transaction.Input);
        Assert.Equal(receipt.BlockNumber, transaction.BlockNumber);
    }

    [Fact]
    public async Task Call_ThrowsRevertedWithCustomError_WhenContractRevertsWithIt()
    {
        await using var anvil = await AnvilNode.StartAsync();
        var reverting = await anvil.DeployAsync(Contracts.AlwaysReverts(Abi.EncodeError("StaleReport(uint64,uint64)", 5, 7)));
        using var http = new HttpClient();
        var rpc = new EthJsonRpcClient(http, anvil.Endpoint, new RevertDecoder(["StaleReport(uint64 round, uint64 latest)"]));

        var error = await Assert.ThrowsAsync<EvmException>(() => rpc.CallAsync(new CallRequest { To = reverting }, BlockTag.Latest, Bounded()));

        Assert.Equal(EvmErrorKind.Reverted, error.Kind);
        Assert.False(error.IsRetryable);
        Assert.Equal("StaleReport", error.Revert!.Name);
        Assert.Equal([5, 7], error.Revert.Args.Cast<System.Numerics.BigInteger>());
        Assert.Contains("eth_call", error.Message);
        Assert.Contains("StaleReport(5, 7)", error.Message);
    }

    [Fact]
    public async Task SendAsync_ThrowsRpcNamingTheMethod_WhenMethodIsUnknown()
    {
        await using var anvil = await AnvilNode.StartAsync();

        var error = await Assert.ThrowsAsync<EvmException>(() => anvil.Rpc.SendAsync<JsonElement>("oracle_noSuchMethod", [], Bounded()));

        Assert.Equal(EvmErrorKind.Rpc, error.Kind);
        Assert.Contains("oracle_noSuchMethod", error.Message);
        Assert.Contains(anvil.Endpoint.ToString(), error.Message);
    }

    [Fact]
    public async Task AnyCall_ThrowsTransportNamingTheUrl_WhenEndpointIsUnreachable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var endpoint = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var rpc = new EthJsonRpcClient(http, endpoint);

        var error = await Assert.ThrowsAsync<EvmException>(() => rpc.ChainIdAsync(Bounded()));

        Assert.Equal(EvmErrorKind.Transport, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.Contains(endpoint.ToString(), error.Message);
        Assert.Contains("eth_chainId", error.Message);
        Assert.Equal(endpoint, error.Endpoint);
    }
}
