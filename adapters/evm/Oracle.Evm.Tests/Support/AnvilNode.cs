using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Oracle.Evm.Tests.Support;

/// <summary>A real anvil on a free loopback port, killed on dispose. One per test: tests change mining modes.</summary>
internal sealed class AnvilNode : IAsyncDisposable
{
    /// <summary>Account 0 of anvil's default mnemonic ("test test ... junk"), funded with 10000 ETH.</summary>
    public const string Account0Key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>Account 1 of the same mnemonic.</summary>
    public const string Account1Key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly HttpClient _http;

    private AnvilNode(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Rpc = new EthJsonRpcClient(_http, endpoint);
    }

    public Uri Endpoint { get; }

    public EthJsonRpcClient Rpc { get; }

    public static async Task<AnvilNode> StartAsync(params string[] extraArgs)
    {
        var binary = RepoRoot.Combine("node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        if (!File.Exists(binary))
        {
            Assert.Fail($"anvil is not installed at {binary}: run `npm ci` in the repository root (deploy/setup.sh does)");
        }
        var port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["--host", "127.0.0.1", "--port", port.ToString(), .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("anvil did not start");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"anvil exited before listening: {log}"));
                return;
            }
            lock (log)
            {
                log.AppendLine(e.Data);
            }
            if (e.Data.StartsWith("Listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult(e.Data["Listening on ".Length..].Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(StartTimeout);
            return new AnvilNode(process, new Uri($"http://{address}"));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public Task MineAsync(int blocks = 1) => Rpc.SendRawAsync("anvil_mine", [Hex.EncodeQuantity(blocks)]);

    public Task SetAutomineAsync(bool on) => Rpc.SendRawAsync("evm_setAutomine", [on]);

    /// <summary>Deploys init code from account 0 with automine on; returns the contract address.</summary>
    public async Task<EthAddress> DeployAsync(byte[] initCode)
    {
        using var key = EthKey.FromPrivateKey(Account0Key);
        var sender = new TransactionSender(Rpc, new NonceManager(Rpc), new FeeEstimator(Rpc));
        var outcome = await sender.SendAsync(key, null, initCode, 1_000_000, new TransactionOptions { PollInterval = TimeSpan.FromMilliseconds(50), ReceiptTimeout = TimeSpan.FromSeconds(20) }, CancellationToken.None);
        return outcome.Receipt.ContractAddress ?? throw new InvalidOperationException("deployment has no contract address");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
        }
    }
}
