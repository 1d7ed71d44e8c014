using Oracle.Devnet;

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
