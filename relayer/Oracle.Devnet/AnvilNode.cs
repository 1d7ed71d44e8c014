using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Oracle.Devnet;

/// <summary>
/// A local anvil chain (npm <c>@foundry-rs/anvil-linux-amd64</c>) on a free loopback port.
/// Its funded development accounts' keys are read from what anvil prints.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    private readonly ChildProcess process;

    private AnvilNode(ChildProcess process, int port, IReadOnlyList<string> keys)
    {
        this.process = process;
        Port = port;
        DevKeys = keys;
    }

    /// <summary>The JSON-RPC port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The JSON-RPC endpoint.</summary>
    public Uri RpcUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>Private keys (hex) of anvil's funded development accounts, as it printed them.</summary>
    public IReadOnlyList<string> DevKeys { get; }

    /// <summary>anvil's log file.</summary>
    public string LogPath => process.LogPath;

    /// <summary>
    /// Starts anvil. <paramref name="blockTime"/> null: a block per transaction (automine);
    /// otherwise a block every interval, as on a live chain.
    /// </summary>
    public static async Task<AnvilNode> StartAsync(string anvilPath, string logDir, TimeSpan? blockTime, ulong chainId = 31337, CancellationToken ct = default)
    {
        if (!File.Exists(anvilPath))
            throw new FileNotFoundException($"anvil not found at {anvilPath}; run ./oracle setup (npm ci installs @foundry-rs/anvil-linux-amd64)");
        Directory.CreateDirectory(logDir);
        Exception? last = null;
        for (int tries = 0; tries < 3; tries++)
        {
            int port = FreePort();
            var args = new List<string> { "--host", "127.0.0.1", "--port", port.ToString(), "--chain-id", chainId.ToString(), "--accounts", "4" };
            if (blockTime is { } bt) args.AddRange(["--block-time", bt.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var p = ChildProcess.Start(anvilPath, args, Path.Combine(logDir, $"anvil-{port}.log"));
            try
            {
                await p.WaitForLineAsync("Listening on", TimeSpan.FromSeconds(20), "anvil", ct);
                var keys = Regex.Matches(p.RecentOutput, @"\(\d+\) (0x[0-9a-f]{64})").Select(m => m.Groups[1].Value).ToList();
                if (keys.Count == 0) throw new InvalidOperationException($"anvil printed no private keys; see {p.LogPath}");
                return new AnvilNode(p, port, keys);
            }
            catch (TimeoutException e)
            {
                last = e;
                await p.DisposeAsync();
            }
        }
        throw new InvalidOperationException($"anvil did not start: {last?.Message}", last);
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Stops anvil.</summary>
    public ValueTask DisposeAsync() => process.DisposeAsync();
}
