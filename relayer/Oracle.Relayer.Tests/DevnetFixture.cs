using Microsoft.Extensions.Logging.Abstractions;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Options;

namespace Oracle.Relayer.Tests;

/// <summary>
/// One devnet (anvil, five local HTTPS exchanges, the sim enclave host, deployed contracts) shared by
/// the end-to-end tests of one collection. Tests run one after another and only look at what they add.
/// </summary>
public sealed class DevnetFixture : IAsyncLifetime
{
    public LocalDevnet Devnet { get; private set; } = null!;

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), $"oracle-e2e-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        var options = new DevnetOptions
        {
            IntervalSeconds = 2,
            BlockTime = TimeSpan.FromSeconds(1),
            HistoryLength = 16,
            WorkDir = WorkDir,
            MaxAttempts = 3,
            RetryDelay = TimeSpan.FromSeconds(1),
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Devnet = await LocalDevnet.StartAsync(options, RepoPaths.Find(), _ => { }, cts.Token);
    }

    /// <summary>What the hub holds for the devnet's feed now, read as the relayer reads it.</summary>
    public Task<FeedState> LatestAsync() =>
        new EvmChainEndpoint(new ChainOptions
        {
            Name = "devnet", RpcUrl = Devnet.Anvil.RpcUrl.ToString(), ChainId = 31337, PrivateKey = Hex.Encode(Devnet.RelayerKey.ExportPrivateKey()),
        }, new HttpClient(), NullLogger<EvmChainEndpoint>.Instance).GetFeedStateAsync(Devnet.Hub.ToString(), Devnet.FeedId, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (Devnet is not null) await Devnet.DisposeAsync();
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DevnetCollection : ICollectionFixture<DevnetFixture>
{
    public const string Name = "devnet";
}
